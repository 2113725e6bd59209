package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.model.TaskCounts;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shrinking a pool honours nodeDeallocationOption: what happens to the tasks running on the nodes that leave. */
class PoolShrinkTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("shrink", 1000, 0);
        account = world.account(accountId);
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** A Steady pool of {@code nodes} idle nodes with a job running {@code tasks} tasks of {@code runtime}. */
    private static Pool busyPool(String name, int nodes, int tasks, Duration runtime) {
        world.create(accountId, name, BatchWorld.spec(image.toString(), nodes));
        world.advance(Duration.ofMinutes(5));
        world.azure.batch().addJob(accountId.toString(), name + "-job", name);
        for (int i = 0; i < tasks; i++) {
            world.azure.batch().addTask(accountId.toString(), name + "-job", "task-" + i, runtime);
        }
        return world.pool(accountId.pool(name));
    }

    private static Pool shrink(Pool pool, int target, NodeDeallocationOption option) {
        return world.clients.pools().update(pool.id(), PoolUpdate.scale(BatchWorld.fixed(target, Duration.ofMinutes(15), option)), pool.etag());
    }

    private static NodeCounts.StateCounts counts(String pool) {
        return world.clients.nodes().nodeCounts(account, pool).dedicated();
    }

    @Test
    void taskCompletionShrinkKeepsNodesWithRunningTasksUntilTheyFinish() {
        Pool pool = busyPool("tc", 3, 2, Duration.ofMinutes(20));
        assertEquals(2, counts("tc").running());
        assertEquals(1, counts("tc").idle());
        BatchSimulation.TaskCounters before = world.azure.batch().counters();

        Pool resizing = shrink(pool, 0, NodeDeallocationOption.TASK_COMPLETION);
        assertEquals("Resizing", resizing.allocationState());
        assertEquals(2, counts("tc").running());
        assertEquals(1, counts("tc").leavingPool());
        world.advance(Duration.ofMinutes(10));
        assertEquals("Resizing", world.pool(pool.id()).allocationState());
        assertEquals(2, world.pool(pool.id()).currentDedicatedNodes());
        assertEquals(2, counts("tc").running());

        world.advance(Duration.ofMinutes(11));
        Pool after = world.pool(pool.id());
        assertEquals("Steady", after.allocationState());
        assertEquals(0, after.currentDedicatedNodes());
        BatchSimulation.TaskCounters now = world.azure.batch().counters();
        assertEquals(before.completed() + 2, now.completed());
        assertEquals(before.killed(), now.killed());
        assertEquals(before.requeued(), now.requeued());
        assertEquals(new TaskCounts(0, 0, 2, 2, 0), world.clients.jobs().taskCounts(account, "tc-job"));
    }

    @Test
    void terminateShrinkKillsTheRunningTasksAndCountsThem() {
        Pool pool = busyPool("term", 2, 2, Duration.ofHours(1));
        BatchSimulation.TaskCounters before = world.azure.batch().counters();
        shrink(pool, 0, NodeDeallocationOption.TERMINATE);
        assertEquals(before.killed() + 2, world.azure.batch().counters().killed());
        assertEquals(before.requeued(), world.azure.batch().counters().requeued());
        world.advance(Duration.ofMinutes(1));
        Pool after = world.pool(pool.id());
        assertEquals("Steady", after.allocationState());
        assertEquals(0, after.currentDedicatedNodes());
        assertEquals(new TaskCounts(0, 0, 2, 0, 2), world.clients.jobs().taskCounts(account, "term-job"));
    }

    @Test
    void requeueShrinkPutsTheRunningTasksBackToActive() {
        Pool pool = busyPool("rq", 2, 2, Duration.ofHours(1));
        BatchSimulation.TaskCounters before = world.azure.batch().counters();
        shrink(pool, 1, NodeDeallocationOption.REQUEUE);
        assertEquals(before.requeued() + 1, world.azure.batch().counters().requeued());
        assertEquals(before.killed(), world.azure.batch().counters().killed());
        assertEquals(new TaskCounts(1, 1, 0, 0, 0), world.clients.jobs().taskCounts(account, "rq-job"));
        world.advance(Duration.ofMinutes(1));
        assertEquals(1, world.pool(pool.id()).currentDedicatedNodes());
        assertEquals("Steady", world.pool(pool.id()).allocationState());
    }
}
