package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job an operator disabled before a blue-green roll moves with the pool and stays disabled, on the simulated Azure. */
class BlueGreenDisabledJobSimTest extends RolloutWorldTest {
    static BatchAccount account;

    @BeforeAll
    static void start() {
        account = world.clients.pools().account(world.account);
    }

    @Test
    void aJobTheOperatorDisabledIsMovedToTheNewPoolAndLeftDisabledWhileTheActiveJobRunsOn() {
        ImageDefinitionId image = world.definition("held");
        world.pool("held", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        String accountId = world.account.toString();
        world.sim.batch().addJob(accountId, "held-render", "held");
        for (int i = 0; i < 3; i++) {
            world.sim.batch().addTask(accountId, "held-render", "held-render-t" + i, Duration.ofMinutes(10));
        }
        world.sim.batch().addJob(accountId, "held-bad-inputs", "held");
        world.clients.jobs().disable(account, "held-bad-inputs", BatchJobs.DisableTasks.WAIT);
        world.sim.batch().addTask(accountId, "held-bad-inputs", "held-bad-inputs-t0", Duration.ofMinutes(5));
        world.sim.advance(Duration.ofMinutes(1));
        assertEquals(Map.of("held-render", "active", "held-bad-inputs", "disabled"), jobStatesOn("held"));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        long operatorDisables = jobCalls("Job_Disable", "held-bad-inputs");
        world.addVersion(image, "1.1.0");
        String candidate = "held-v1-1-0";

        int passes = 0;
        while (world.find("held").isPresent() || world.state(candidate).phase() != RolloutPhase.STABLE) {
            if (++passes > 200) {
                throw new AssertionError("not done:\n" + String.join("\n", world.log));
            }
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        world.sim.advance(Duration.ofMinutes(20));
        assertEquals(Map.of("held-render", "active", "held-bad-inputs", "disabled"), jobStatesOn(candidate));
        assertEquals(operatorDisables, jobCalls("Job_Disable", "held-bad-inputs"), "the operator's job is never disabled by the app");
        assertEquals(0, jobCalls("Job_Enable", "held-bad-inputs"), "nor enabled");
        assertEquals(1, jobCalls("Job_Patch", "held-bad-inputs"), "it is moved once");
        assertEquals(1, jobCalls("Job_Enable", "held-render"));
        TaskCounts held = world.clients.jobs().taskCounts(account, "held-bad-inputs");
        assertEquals(1, held.active(), "its task waits, unrun, for the operator");
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(3, after.completed() - before.completed(), "only the active job's tasks ran");
        assertEquals(0, after.killed() - before.killed(), "no task killed");
        assertEquals(0, after.requeued() - before.requeued(), "no task requeued");
        List<String> leftDisabled = world.log.stream().filter(line -> line.contains("job held-bad-inputs moved to " + candidate
                + " and left disabled as found")).toList();
        assertEquals(1, leftDisabled.size(), String.join("\n", world.log));
    }
}
