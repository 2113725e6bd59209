package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorActions;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Blue-green while someone else deletes one of the group's pools mid-rollout (a cleanup script, a person in the
 * portal): no capacity is left without jobs, no job is left on a pool that does not exist, and the decision says why.
 */
class BlueGreenDeletedPoolSimTest extends RolloutWorldTest {

    @Test
    void aCandidateDeletedWhileVerifiedSendsTheOldPoolBackToRestWithoutRejectingTheVersionAndItIsTriedAgain() {
        ImageDefinitionId image = world.definition("bgd-verify");
        world.pool("bgd-verify", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgd-verify-job", "bgd-verify", 2, Duration.ofMinutes(30));
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-verify-v1-1-0";
        passUntil(image, () -> phase("bgd-verify") == RolloutPhase.CANDIDATE_VERIFYING, 10);
        long disables = world.sim.requests().count(e -> e.operation().equals("Job_Disable"));

        someoneDeletes(candidate);
        world.engine().reconcileTracking(image);

        RolloutState rested = world.state("bgd-verify");
        assertEquals(RolloutPhase.STABLE, rested.phase());
        assertFalse(rested.isRejected("1.1.0"), "a deleted candidate is no verdict on the image");
        assertEquals(1, rested.attempts());
        String decision = rested.lastDecision().orElseThrow();
        assertTrue(decision.contains("was deleted by someone else before it was verified"), decision);
        assertTrue(decision.contains("attempt 1 of 3"), decision);
        assertEquals(Map.of("bgd-verify-job", "active"), jobStatesOn("bgd-verify"));
        assertEquals(disables, world.sim.requests().count(e -> e.operation().equals("Job_Disable")), "no job touched");
        Pool old = world.get("bgd-verify");
        assertTrue(old.imageReferenceId().endsWith("/versions/1.0.0"));
        assertEquals(2, old.currentDedicatedNodes(), "the old pool kept serving");

        passUntil(image, () -> phase("bgd-verify") == RolloutPhase.CANDIDATE_VERIFYING, 10);
        assertEquals(2, world.state("bgd-verify").attempts(), "the next pass tried again, counted");
        assertEquals(2, creates(candidate));
    }

    @Test
    void aCandidateDeletedOnEveryAttemptBlocksTheVersionAfterThreeAttemptsAndCreatesNoMore() {
        ImageDefinitionId image = world.definition("bgd-again");
        world.pool("bgd-again", image, 1, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-again-v1-1-0";

        passUntil(image, () -> {
            if (phase("bgd-again") == RolloutPhase.CANDIDATE_VERIFYING
                    && world.find(candidate).filter(p -> !"Deleting".equals(p.provisioningState())).isPresent()) {
                someoneDeletes(candidate);
            }
            return phase("bgd-again") == RolloutPhase.BLOCKED;
        }, 60);

        RolloutState blocked = world.state("bgd-again");
        assertEquals(3, blocked.attempts());
        assertFalse(blocked.isRejected("1.1.0"));
        String decision = blocked.lastDecision().orElseThrow();
        assertTrue(decision.contains("3 rollouts to 1.1.0 ended with their candidate deleted by someone else"), decision);
        long writes = world.successfulWrites("bgd-again");
        for (int i = 0; i < 4; i++) {
            world.sim.advance(Duration.ofMinutes(1));
            world.engine().reconcileTracking(image);
        }
        assertEquals(3, creates(candidate), "three candidates, no more");
        assertEquals(writes, world.successfulWrites("bgd-again"), "a blocked pool is not rewritten every pass");
        assertEquals(1, world.get("bgd-again").currentDedicatedNodes());

        OperatorActions operator = new OperatorActions(world.clients.pools(), world.clock, line -> { });
        assertInstanceOf(OperatorActions.Outcome.Applied.class, operator.apply(world.poolId("bgd-again"), OperatorAction.RETRY));
        world.engine().reconcileTracking(image);
        world.engine().reconcileTracking(image);
        assertEquals(4, creates(candidate), "after the operator's retry a fresh candidate is created");
    }

    @Test
    void aCandidateDeletedWhileJobsMoveGetsItsJobsMovedBackSoNoJobNamesAMissingPoolAndTheOldPoolServesOn() {
        ImageDefinitionId image = world.definition("bgd-move");
        world.pool("bgd-move", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgd-move-a", "bgd-move", 2, Duration.ofMinutes(3));
        addTasks("bgd-move-b", "bgd-move", 2, Duration.ofMinutes(3));
        addTasks("bgd-move-c", "bgd-move", 2, Duration.ofMinutes(3));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-move-v1-1-0";
        // One job moved and enabled there, the next one on its way (recorded as the job being moved).
        passUntil(image, () -> phase("bgd-move") == RolloutPhase.MOVING_JOBS
                && world.state("bgd-move").links().moved().size() == 1
                && world.state("bgd-move").links().moving().isPresent(), 60);
        assertEquals(Set.of("bgd-move-a"), jobStatesOn(candidate).keySet());

        someoneDeletes(candidate);
        passUntil(image, () -> phase("bgd-move") == RolloutPhase.STABLE, 40);

        assertEquals(Map.of("bgd-move-a", "active", "bgd-move-b", "active", "bgd-move-c", "active"),
                jobStatesOn("bgd-move"), "every job is back, enabled");
        assertEquals(Map.of(), jobStatesOn(candidate), "no job names the deleted candidate");
        RolloutState rested = world.state("bgd-move");
        assertFalse(rested.isRejected("1.1.0"));
        String decision = rested.lastDecision().orElseThrow();
        assertTrue(decision.contains("was deleted by someone else before the rollout finished"), decision);
        assertTrue(world.log.stream().anyMatch(l -> l.contains("was deleted by someone else while jobs moved")));
        assertEquals(2, world.get("bgd-move").currentDedicatedNodes(), "the old pool never lost its nodes");
        assertFalse(world.find(candidate).isPresent());
        world.sim.advance(Duration.ofMinutes(20));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(6, after.completed() - before.completed(), "every task completes (requeued ones on the old pool)");
        assertEquals(0, after.killed() - before.killed());
    }

    @Test
    void aCandidateDeletedWhileTheOldPoolRetiresRestoresTheOldPoolsCapacityAndMovesEveryJobBack() {
        ImageDefinitionId image = world.definition("bgd-retire");
        world.pool("bgd-retire", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgd-retire-a", "bgd-retire", 2, Duration.ofMinutes(2));
        addTasks("bgd-retire-b", "bgd-retire", 1, Duration.ofMinutes(20));
        world.sim.advance(Duration.ofMinutes(1));
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-retire-v1-1-0";
        passUntil(image, () -> phase("bgd-retire") == RolloutPhase.RETIRING_OLD_POOL, 80);

        someoneDeletes(candidate);
        passUntil(image, () -> phase("bgd-retire") == RolloutPhase.STABLE, 60);

        assertTrue(world.log.stream().anyMatch(l -> l.contains("retired: restore its capacity and move the jobs back")),
                String.join("\n", world.log));
        assertEquals(Map.of("bgd-retire-a", "active", "bgd-retire-b", "active"), jobStatesOn("bgd-retire"));
        assertEquals(Map.of(), jobStatesOn(candidate));
        Pool old = world.get("bgd-retire");
        assertEquals(2, ((ScaleSettings.FixedScale) old.scaleSettings()).targetDedicatedNodes(), "capacity restored");
        assertTrue(old.imageReferenceId().endsWith("/versions/1.0.0"));
        assertFalse(world.state("bgd-retire").isRejected("1.1.0"));
    }

    @Test
    void anOldPoolDeletedBeforeItsCandidateWasVerifiedLeavesTheCandidateToPassTheGateItselfThenItIsTheActivePool() {
        ImageDefinitionId image = world.definition("bgd-old");
        world.pool("bgd-old", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-old-v1-1-0";
        passUntil(image, () -> phase("bgd-old") == RolloutPhase.CANDIDATE_VERIFYING, 10);

        someoneDeletes("bgd-old");
        world.engine().reconcileTracking(image);

        RolloutState verifying = world.state(candidate);
        assertEquals(RolloutPhase.VERIFYING, verifying.phase(), "not promoted before its gate");
        assertTrue(verifying.lastDecision().orElseThrow().contains("passes the gate on 1.1.0 itself"));
        passUntil(image, () -> world.find(candidate).isPresent() && phase(candidate) == RolloutPhase.STABLE, 30);
        assertTrue(world.state(candidate).lastDecision().orElseThrow().contains("health gate passed"));
        assertEquals(2, world.get(candidate).currentDedicatedNodes());
        assertEquals(world.poolId(candidate),
                new PoolGroups(world.clients.pools()).activePool(world.account, "bgd-old").orElseThrow());
    }

    @Test
    void anOldPoolDeletedBeforeABrokenCandidateWasVerifiedRollsTheCandidateBackInPlaceAndRejectsTheVersion() {
        ImageDefinitionId image = world.definition("bgd-oldbroken");
        world.pool("bgd-oldbroken", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        String candidate = "bgd-oldbroken-v1-1-0";
        passUntil(image, () -> phase("bgd-oldbroken") == RolloutPhase.CANDIDATE_VERIFYING, 10);

        someoneDeletes("bgd-oldbroken");
        passUntil(image, () -> world.find(candidate).map(RolloutWorld.stableOn("1.0.0")::test).orElse(false), 60);

        RolloutState back = world.state(candidate);
        assertTrue(back.isRejected("1.1.0"));
        assertEquals(2, world.get(candidate).currentDedicatedNodes(), "capacity back on the old version");
        assertEquals(world.poolId(candidate),
                new PoolGroups(world.clients.pools()).activePool(world.account, "bgd-oldbroken").orElseThrow());
    }
}
