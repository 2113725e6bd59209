package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Someone else deletes the old pool of a blue-green group mid-rollout, on the simulated Azure: Batch keeps the jobs
 * that named it, so the candidate, once verified, adopts them (the same job move as the forward move), and the job an
 * operator disabled stays disabled.
 */
class BlueGreenAdoptionSimTest extends RolloutWorldTest {

    private static BatchAccount account() {
        return world.clients.pools().account(world.account);
    }

    @Test
    void jobsLeftOnAnOldPoolSomeoneDeletedMoveToTheVerifiedCandidateAndTheOperatorsDisabledJobStaysDisabled() {
        ImageDefinitionId image = world.definition("bga");
        world.pool("bga", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        String accountId = world.account.toString();
        world.sim.batch().addJob(accountId, "bga-render", "bga");
        for (int i = 0; i < 4; i++) {
            world.sim.batch().addTask(accountId, "bga-render", "bga-render-t" + i, Duration.ofMinutes(10));
        }
        world.sim.batch().addJob(accountId, "bga-held", "bga");
        world.clients.jobs().disable(account(), "bga-held", BatchJobs.DisableTasks.WAIT);
        world.sim.batch().addTask(accountId, "bga-held", "bga-held-t0", Duration.ofMinutes(5));
        world.sim.advance(Duration.ofMinutes(1));
        assertEquals(Map.of("bga-render", "active", "bga-held", "disabled"), jobStatesOn("bga"));
        long operatorDisables = jobCalls("Job_Disable", "bga-held");
        world.addVersion(image, "1.1.0");
        String candidate = "bga-v1-1-0";
        passUntil(image,
                () -> phase("bga") == RolloutPhase.CANDIDATE_VERIFYING, 10);
        assertEquals(0, jobCalls("Job_Disable", "bga-render"), "no job moved before the candidate is verified");

        someoneDeletes("bga");
        world.sim.advance(Duration.ofSeconds(1));
        BatchSimulation.TaskCounters afterDeletion = world.sim.batch().counters();
        passUntil(image, () -> world.find(candidate).isPresent()
                && phase(candidate) == RolloutPhase.STABLE, 60);

        assertTrue(world.log.stream().anyMatch(l -> l.contains("the jobs still naming the deleted pool bga move onto "
                + "this pool")), String.join("\n", world.log));
        assertFalse(world.find("bga").isPresent(), "the old pool is gone");
        assertEquals(Map.of(), jobStatesOn("bga"), "no job names the deleted pool");
        world.sim.advance(Duration.ofMinutes(30));
        assertEquals(Map.of("bga-render", "active", "bga-held", "disabled"), jobStatesOn(candidate));
        assertEquals(operatorDisables, jobCalls("Job_Disable", "bga-held"), "the operator's job is never disabled by the app");
        assertEquals(0, jobCalls("Job_Enable", "bga-held"), "nor enabled");
        assertEquals(1, jobCalls("Job_Patch", "bga-held"));
        assertEquals(1, jobCalls("Job_Disable", "bga-render"));
        assertEquals(1, jobCalls("Job_Patch", "bga-render"));
        assertEquals(1, jobCalls("Job_Enable", "bga-render"));
        TaskCounts render = world.clients.jobs().taskCounts(account(), "bga-render");
        assertEquals(4, render.completed(), "the active job's tasks all complete on the candidate");
        TaskCounts held = world.clients.jobs().taskCounts(account(), "bga-held");
        assertEquals(1, held.active(), "the held job's task waits, unrun, for the operator");
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(afterDeletion.killed(), after.killed(), "no task killed");
        assertEquals(afterDeletion.requeued(), after.requeued(), "nothing requeued beyond what the deletion requeued");
        RolloutState stable = world.state(candidate);
        assertTrue(stable.links().moving().isEmpty());
        assertTrue(stable.links().replaces().isEmpty(), "at rest the candidate no longer names the pool it replaced");
        String decision = stable.lastDecision().orElseThrow();
        assertTrue(decision.contains("health gate passed") && decision.contains("2 adopted"), decision);
        assertEquals(world.poolId(candidate),
                new PoolGroups(world.clients.pools()).activePool(world.account, "bga").orElseThrow());
    }
}
