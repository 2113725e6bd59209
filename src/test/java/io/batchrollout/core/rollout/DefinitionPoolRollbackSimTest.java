package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.pools.Adoption;
import io.batchrollout.core.pools.PoolAdopter;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pool that names its image definition (Batch's "latest", typical of an adopted pool) on the simulated Azure, which,
 * like Batch, reports the definition for its nodes and never the version they run: the in-place rollback returns to a
 * concrete version recorded when the rollout started, or the rollout does not start.
 */
class DefinitionPoolRollbackSimTest extends RolloutWorldTest {

    /** An unmanaged pool naming {@code definition} (1.0.0 is its only version), 2 nodes idle, the caller's metadata. */
    private static Pool poolNamingItsDefinition(String name, ImageDefinitionId definition, List<Metadata> more) {
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(more);
        world.clients.pools().create(world.poolId(name), new PoolSpec("Standard_D2s_v3", definition.toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(2, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                metadata));
        world.sim.advance(Duration.ofMinutes(6));
        Pool pool = world.get(name);
        assertEquals(definition.toString(), pool.imageReferenceId());
        List<ComputeNode> nodes = world.clients.nodes().nodes(world.accounts.get(world.account), name);
        assertEquals(2, nodes.size());
        assertTrue(nodes.stream().allMatch(n -> definition.toString().equals(n.imageReferenceId())),
                "its nodes report the definition, as Batch does: " + nodes);
        return pool;
    }

    private static RolloutPolicy tracking(ImageDefinitionId definition) {
        return new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE);
    }

    @Test
    void anAdoptedPoolStatingItRuns100RollsBackFromABroken110To100NotToTheDefinition() {
        ImageDefinitionId image = world.definition("adopted-latest");
        poolNamingItsDefinition("adopted-latest", image, List.of());
        PoolAdopter.Outcome adopted = new PoolAdopter(world.clients.pools()).adopt(world.poolId("adopted-latest"),
                new Adoption(tracking(image), Optional.of(image.version("1.0.0"))));
        assertInstanceOf(PoolAdopter.Outcome.Adopted.class, adopted);
        assertEquals(Optional.of(image.version("1.0.0").toString()), world.state("adopted-latest").running());
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());

        world.passUntil(image, "adopted-latest", p -> world.state("adopted-latest").isRejected("1.1.0")
                && world.state("adopted-latest").phase() == RolloutPhase.STABLE && "Steady".equals(p.allocationState()), 120);

        Pool back = world.get("adopted-latest");
        assertEquals(image.version("1.0.0").toString(), back.imageReferenceId(),
                "a version id, neither the definition ('latest' is the broken 1.1.0) nor 1.1.0");
        assertEquals(2, world.imageChanges("adopted-latest"), "to 1.1.0 and back to 1.0.0:\n" + String.join("\n", world.log));
        assertEquals(2, ((ScaleSettings.FixedScale) back.scaleSettings()).targetDedicatedNodes());
        assertEquals(Optional.of(image.version("1.0.0").toString()), world.state("adopted-latest").previous());
        assertEquals(Optional.empty(), world.state("adopted-latest").running(), "consumed by the rollout");
        world.sim.advance(Duration.ofMinutes(10));
        assertEquals(2, world.get("adopted-latest").currentDedicatedNodes());
        assertTrue(world.clients.nodes().nodes(world.accounts.get(world.account), "adopted-latest").stream()
                .allMatch(n -> image.version("1.0.0").toString().equals(n.imageReferenceId())), "rebuilt on 1.0.0");
    }

    @Test
    void withoutAKnowableVersionThePoolRestsBlockedWithTheReasonAndIsNotDrainedUntilTheOperatorStatesIt() {
        ImageDefinitionId image = world.definition("unknown-latest");
        poolNamingItsDefinition("unknown-latest", image, tracking(image).toMetadata());
        world.addVersion(image, "1.1.0");
        long writesBefore = world.successfulWrites("unknown-latest");

        for (int pass = 0; pass < 5; pass++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        RolloutState state = world.state("unknown-latest");
        assertEquals(RolloutPhase.BLOCKED, state.phase());
        String reason = state.lastDecision().orElseThrow();
        assertTrue(reason.contains("runningVersion") && reason.contains("imageReference"), reason);
        assertEquals(1, world.successfulWrites("unknown-latest") - writesBefore, "only the BLOCKED decision is written");
        assertEquals(0, world.imageChanges("unknown-latest"));
        Pool pool = world.get("unknown-latest");
        assertEquals(2, ((ScaleSettings.FixedScale) pool.scaleSettings()).targetDedicatedNodes(), "no drain");
        assertEquals(2, pool.currentDedicatedNodes());

        PoolAdopter.Outcome stated = new PoolAdopter(world.clients.pools()).adopt(world.poolId("unknown-latest"),
                new Adoption(tracking(image), Optional.of(image.version("1.0.0"))));
        assertInstanceOf(PoolAdopter.Outcome.Adopted.class, stated, "an operator states the running version");
        world.passUntil(image, "unknown-latest", stableOn("1.1.0"), 120);
        assertEquals(Optional.of(image.version("1.0.0").toString()), world.state("unknown-latest").previous());
        assertEquals(1, world.imageChanges("unknown-latest"));
    }

    @Test
    void aRunningVersionIsRecordedOnceAndNotWhileARolloutIsInProgress() {
        ImageDefinitionId image = world.definition("running-mid-rollout");
        poolNamingItsDefinition("running-mid-rollout", image, List.of());
        PoolAdopter adopter = new PoolAdopter(world.clients.pools());
        Adoption stating100 = new Adoption(tracking(image), Optional.of(image.version("1.0.0")));
        assertInstanceOf(PoolAdopter.Outcome.Adopted.class, adopter.adopt(world.poolId("running-mid-rollout"), stating100));
        long writes = world.successfulWrites("running-mid-rollout");
        assertInstanceOf(PoolAdopter.Outcome.AlreadyManaged.class, adopter.adopt(world.poolId("running-mid-rollout"), stating100));
        world.addVersion(image, "1.1.0");
        world.engine().reconcileTracking(image);
        assertEquals(RolloutPhase.DRAINING, world.state("running-mid-rollout").phase());
        assertEquals(writes + 1, world.successfulWrites("running-mid-rollout"), "the drain");

        PoolAdopter.Outcome midRollout = adopter.adopt(world.poolId("running-mid-rollout"),
                new Adoption(tracking(image), Optional.of(image.version("1.0.0"))));

        String detail = assertInstanceOf(PoolAdopter.Outcome.RunningVersionRefused.class, midRollout).detail();
        assertTrue(detail.contains("DRAINING"), detail);
        assertEquals(writes + 1, world.successfulWrites("running-mid-rollout"), "nothing written");
    }
}
