package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An autoscaled pool rolled in place on the simulated Azure is verified against what its formula asks for. Passes run
 * every 30 simulated seconds, so the first pass after the restore sees the pool before Batch has allocated any node:
 * a gate that counted the nodes present would find 0 of 0 and keep the broken version.
 */
class AutoscaledInPlaceRolloutSimTest extends RolloutWorldTest {
    static final ScaleSettings.AutoScale THREE = new ScaleSettings.AutoScale("$TargetDedicatedNodes=3;", Duration.ofMinutes(5));

    @Test
    void anAutoscaledPoolRolledOntoABrokenVersionIsRolledBackBecauseTheFormulaAskedForThreeNodes() {
        ImageDefinitionId image = world.definition("autoscaled");
        RolloutPolicy tracked = new RolloutPolicy(new ImageRef.Tracked(image), RolloutStrategy.IN_PLACE);
        List<Metadata> metadata = new ArrayList<>(tracked.toMetadata());
        world.clients.pools().create(world.poolId("autoscaled"), new PoolSpec("Standard_D2s_v3",
                image.version("1.0.0").toString(), "batch.node.ubuntu 22.04", THREE,
                Optional.of(new StartTask("/bin/true", false, true, 0)), metadata));
        world.sim.advance(Duration.ofMinutes(6));
        assertEquals(3, world.get("autoscaled").currentDedicatedNodes(), "the formula's three nodes, idle on 1.0.0");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());

        boolean rolledBack = false;
        for (int pass = 0; pass < 240 && !rolledBack; pass++) {
            world.engine().reconcileTracking(image);
            RolloutState state = world.state("autoscaled");
            rolledBack = state.isRejected("1.1.0") && state.phase() == RolloutPhase.STABLE
                    && "Steady".equals(world.get("autoscaled").allocationState());
            assertTrue(!(state.phase() == RolloutPhase.STABLE && world.get("autoscaled").imageReferenceId().endsWith("/1.1.0")),
                    "the broken version must never be accepted:\n" + String.join("\n", world.log));
            world.sim.advance(Duration.ofSeconds(30));
        }

        assertTrue(rolledBack, "rolled back:\n" + String.join("\n", world.log));
        Pool back = world.get("autoscaled");
        assertTrue(back.imageReferenceId().endsWith("/versions/1.0.0"), back.imageReferenceId());
        assertEquals(THREE, back.scaleSettings(), "the operator's formula is restored after the rollback");
        assertEquals(2, world.imageChanges("autoscaled"), "to 1.1.0 and back");
        assertTrue(world.log.stream().anyMatch(line -> line.contains("roll back") && line.contains("of 3 target nodes")),
                "the gate measured the pool against the formula's 3 nodes:\n" + String.join("\n", world.log));
    }
}
