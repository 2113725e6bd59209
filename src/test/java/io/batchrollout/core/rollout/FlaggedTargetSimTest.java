package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.RolloutPhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A version reported for a policy violation after its rollout started is never applied: the target passes the
 * readiness gate right before the image change and before the candidate is created, not only when the rollout starts.
 */
class FlaggedTargetSimTest extends RolloutWorldTest {

    @Test
    void aVersionFlaggedWhileThePoolDrainsIsNotAppliedAndThePoolGetsItsCapacityBackOnItsImage() {
        ImageDefinitionId image = world.definition("flag-ip");
        world.pool("flag-ip", image, 2);
        world.addVersion(image, "1.1.0");
        world.engine().reconcileTracking(image);
        assertEquals(RolloutPhase.DRAINING, world.state("flag-ip").phase());

        world.sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "ImageFlaggedUnsafe", "malware found");
        world.passUntil(image, "flag-ip", p -> !PoolGroups.stateOf(p).phase().inProgress()
                && p.currentDedicatedNodes() == 2 && "Steady".equals(p.allocationState()), 40);

        assertEquals(0, world.imageChanges("flag-ip"), "the flagged version was never applied");
        assertTrue(world.get("flag-ip").imageReferenceId().endsWith("/versions/1.0.0"));
        assertTrue(world.log.stream().anyMatch(l -> l.contains("pool flag-ip") && l.contains("step restore")
                && l.contains("VERSION_REPORTED_FOR_POLICY_VIOLATION")), String.join("\n", world.log));
    }

    @Test
    void aVersionFlaggedBeforeTheCandidateIsCreatedCreatesNoCandidate() {
        ImageDefinitionId image = world.definition("flag-bg");
        world.pool("flag-bg", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        world.engine().reconcileTracking(image);
        assertEquals(RolloutPhase.CREATING_CANDIDATE, world.state("flag-bg").phase());

        world.sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "CopyrightValidation", "not ours");
        for (int pass = 0; pass < 3; pass++) {
            world.sim.advance(Duration.ofMinutes(1));
            world.engine().reconcileTracking(image);
        }

        assertEquals(0, world.sim.requests().count(e -> e.operation().equals("Pool_Create")
                && e.path().endsWith("/flag-bg-v1-1-0")), "no candidate on the flagged version");
        assertTrue(world.find("flag-bg-v1-1-0").isEmpty());
        assertTrue(!world.state("flag-bg").phase().inProgress(), world.state("flag-bg").toString());
        assertEquals(2, world.get("flag-bg").currentDedicatedNodes());
    }
}
