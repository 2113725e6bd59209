package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blue-green while someone else edits the group's pools or jobs mid-rollout: resizes the candidate, deletes or
 * terminates the job being moved, edits the old pool's metadata by hand. (The helpers shared with
 * {@link BlueGreenDeletedPoolSimTest} act on the world of the running class.)
 */
class BlueGreenTouchedPoolsSimTest extends RolloutWorldTest {

    @Test
    void aCandidateResizedWhileVerifiedIsJudgedOnTheTargetsItHasAndTheDecisionSaysItWasResized() {
        ImageDefinitionId image = world.definition("bgt-resize");
        world.pool("bgt-resize", image, 3, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        String candidate = "bgt-resize-v1-1-0";
        passUntil(image, () -> phase("bgt-resize") == RolloutPhase.CANDIDATE_VERIFYING, 10);
        // Batch takes new targets only on a Steady pool: someone waits for that, between two passes, and resizes.
        for (int i = 0; i < 20 && !"Steady".equals(world.get(candidate).allocationState()); i++) {
            world.sim.advance(Duration.ofSeconds(15));
        }
        Pool steady = world.get(candidate);
        world.clients.pools().update(steady.id(), PoolUpdate.scale(new ScaleSettings.FixedScale(1, 0,
                Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION)), steady.etag());

        passUntil(image, () -> phase("bgt-resize") == RolloutPhase.MOVING_JOBS, 20);

        String decision = world.state("bgt-resize").lastDecision().orElseThrow();
        assertTrue(decision.contains("passed the health gate (") && decision.contains(" of 1 target nodes"), decision);
        assertTrue(decision.contains("changed by someone else from 3 dedicated/0 low-priority to 1/0"), decision);
        assertEquals(3, world.get("bgt-resize").currentDedicatedNodes(), "the old pool still serves at its size");
    }

    @Test
    void aJobDeletedOrTerminatedByItsOwnerWhileBeingMovedIsSkippedAndTheOtherJobsStillMove() {
        ImageDefinitionId image = world.definition("bgt-jobs");
        world.pool("bgt-jobs", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgt-jobs-a", "bgt-jobs", 1, Duration.ofMinutes(30));
        addTasks("bgt-jobs-b", "bgt-jobs", 1, Duration.ofMinutes(30));
        addTasks("bgt-jobs-c", "bgt-jobs", 1, Duration.ofMinutes(2));
        world.sim.advance(Duration.ofMinutes(1));
        world.addVersion(image, "1.1.0");
        String candidate = "bgt-jobs-v1-1-0";
        String owner = world.account.toString();

        // a: disabled with wait, its 30-minute task still running: its owner deletes it.
        passUntil(image, () -> world.state("bgt-jobs").links().moving().filter("bgt-jobs-a"::equals).isPresent()
                && "disabling".equals(jobStatesOn("bgt-jobs").get("bgt-jobs-a")), 20);
        world.sim.batch().deleteJob(owner, "bgt-jobs-a");
        // b: next, the same way; its owner terminates it.
        passUntil(image, () -> world.state("bgt-jobs").links().moving().filter("bgt-jobs-b"::equals).isPresent()
                && "disabling".equals(jobStatesOn("bgt-jobs").get("bgt-jobs-b")), 10);
        world.sim.batch().terminateJob(owner, "bgt-jobs-b");

        passUntil(image, () -> phase("bgt-jobs") == RolloutPhase.RETIRING_OLD_POOL, 30);

        assertEquals(Map.of("bgt-jobs-c", "active"), jobStatesOn(candidate), "the remaining job moved and runs");
        assertEquals(Map.of("bgt-jobs-b", "completed"), jobStatesOn("bgt-jobs"), "a completed job stays where it ended");
        assertEquals(List.of("bgt-jobs-c"), world.state("bgt-jobs").links().moved());
        assertTrue(world.log.stream().anyMatch(l -> l.contains("job bgt-jobs-a is no longer listed")),
                String.join("\n", world.log));
        assertTrue(world.log.stream().anyMatch(l -> l.contains("job bgt-jobs-b is completed: nothing to move")));
    }

    @Test
    void unreadableMetadataOnTheOldPoolMidRolloutStopsTheRolloutWithNothingWrittenToEitherPoolAndSaysSo() {
        ImageDefinitionId image = world.definition("bgt-unread");
        world.pool("bgt-unread", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgt-unread-job", "bgt-unread", 1, Duration.ofMinutes(30));
        world.addVersion(image, "1.1.0");
        String candidate = "bgt-unread-v1-1-0";
        passUntil(image, () -> phase("bgt-unread") == RolloutPhase.MOVING_JOBS, 20);
        Pool old = world.get("bgt-unread");
        List<Metadata> edited = old.metadata().stream().map(m -> m.name().equals(RolloutStateCodec.ATTEMPTS)
                ? new Metadata(m.name(), "a few") : m).toList();
        world.clients.pools().update(old.id(), PoolUpdate.metadata(edited), old.etag());
        List<String> writes = List.of("Pool_Update", "Pool_Create", "Pool_Delete", "Job_Disable", "Job_Patch", "Job_Enable");
        long before = world.sim.requests().count(e -> writes.contains(e.operation()));

        PassReport report = null;
        for (int i = 0; i < 3; i++) {
            world.sim.advance(Duration.ofMinutes(1));
            report = world.engine().reconcileTracking(image);
        }

        assertEquals(before, world.sim.requests().count(e -> writes.contains(e.operation())), "nothing written");
        Map<String, PassReport.PoolDecision> byPool = report.decisions().stream()
                .collect(java.util.stream.Collectors.toMap(d -> d.pool().poolName(), d -> d));
        assertEquals("none", byPool.get("bgt-unread").step());
        assertTrue(byPool.get("bgt-unread").reason().contains("cannot be read"), byPool.get("bgt-unread").reason());
        assertEquals("none", byPool.get(candidate).step());
        assertTrue(byPool.get(candidate).reason().contains("the rollout is stopped: bgt-unread's rollout state cannot be read"),
                byPool.get(candidate).reason());
        assertEquals(Map.of("bgt-unread-job", "active"), jobStatesOn("bgt-unread"));
        assertEquals(2, world.get("bgt-unread").currentDedicatedNodes());
    }
}
