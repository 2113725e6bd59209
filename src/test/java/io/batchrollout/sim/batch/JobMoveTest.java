package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchJobs.DisableTasks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Moving jobs between pools on the data plane: disable, patch poolInfo while disabled, enable. */
class JobMoveTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("jobs", 1000, 0);
        account = world.account(accountId);
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "blue", BatchWorld.spec(image.toString(), 2));
        world.create(accountId, "green", BatchWorld.spec(image.toString(), 2));
        world.advance(Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static BatchJob job(String pool, String jobId) {
        return world.clients.jobs().jobsOnPool(account, pool).stream().filter(j -> j.id().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("job " + jobId + " is not on pool " + pool));
    }

    private static void seed(String jobId, String pool, int tasks, Duration runtime) {
        world.azure.batch().addJob(accountId.toString(), jobId, pool);
        for (int i = 0; i < tasks; i++) {
            world.azure.batch().addTask(accountId.toString(), jobId, jobId + "-task-" + i, runtime);
        }
    }

    @Test
    void disableWaitPatchAndEnableMoveAJobToAnotherPoolWhereItsRemainingTasksRun() {
        seed("render", "blue", 4, Duration.ofMinutes(10));
        assertEquals(new TaskCounts(2, 2, 0, 0, 0), world.clients.jobs().taskCounts(account, "render"));
        BatchSimulation.TaskCounters before = world.azure.batch().counters();

        world.clients.jobs().disable(account, "render", DisableTasks.WAIT);
        assertEquals("disabling", job("blue", "render").state());
        AzureCallException.Conflict early = assertThrows(AzureCallException.Conflict.class,
                () -> world.clients.jobs().retarget(account, "render", "green"));
        assertEquals("OperationInvalidForCurrentState", early.code());

        world.advance(Duration.ofMinutes(11));
        assertEquals("disabled", job("blue", "render").state());
        assertEquals(new TaskCounts(2, 0, 2, 2, 0), world.clients.jobs().taskCounts(account, "render"));

        world.clients.jobs().retarget(account, "render", "green");
        assertEquals("green", job("green", "render").poolId());
        assertTrue(world.clients.jobs().jobsOnPool(account, "blue").stream().noneMatch(j -> j.id().equals("render")));
        world.clients.jobs().enable(account, "render");
        assertEquals("enabling", job("green", "render").state());
        world.advance(Duration.ofSeconds(15));
        assertEquals("active", job("green", "render").state());
        assertEquals(2, world.clients.nodes().nodeCounts(account, "green").dedicated().running());

        world.advance(Duration.ofMinutes(11));
        assertEquals(new TaskCounts(0, 0, 4, 4, 0), world.clients.jobs().taskCounts(account, "render"));
        BatchSimulation.TaskCounters after = world.azure.batch().counters();
        assertEquals(before.completed() + 4, after.completed());
        assertEquals(before.killed(), after.killed());
        assertEquals(before.requeued(), after.requeued());
    }

    @Test
    void patchingThePoolOfAnActiveJobIsAConflict() {
        seed("steady-job", "blue", 0, Duration.ZERO);
        AzureCallException.Conflict conflict = assertThrows(AzureCallException.Conflict.class,
                () -> world.clients.jobs().retarget(account, "steady-job", "green"));
        assertEquals("OperationInvalidForCurrentState", conflict.code());
        assertEquals("blue", job("blue", "steady-job").poolId());
    }

    @Test
    void disableRequeueTakesRunningTasksOffAndCountsThem() {
        seed("requeued", "green", 1, Duration.ofHours(2));
        BatchSimulation.TaskCounters before = world.azure.batch().counters();
        world.clients.jobs().disable(account, "requeued", DisableTasks.REQUEUE);
        assertEquals(before.requeued() + 1, world.azure.batch().counters().requeued());
        assertEquals(new TaskCounts(1, 0, 0, 0, 0), world.clients.jobs().taskCounts(account, "requeued"));
        world.advance(Duration.ofSeconds(15));
        assertEquals("disabled", job("green", "requeued").state());
        world.clients.jobs().disable(account, "requeued", DisableTasks.TERMINATE);
        assertEquals("disabled", job("green", "requeued").state());
        assertEquals(before.killed(), world.azure.batch().counters().killed());
    }

    @Test
    void enablingAnActiveJobIsAConflict() {
        seed("already-active", "blue", 0, Duration.ZERO);
        assertThrows(AzureCallException.Conflict.class, () -> world.clients.jobs().enable(account, "already-active"));
    }

    @Test
    void unknownJobIsNotFoundWithBatchsCode() {
        AzureCallException.NotFound notFound = assertThrows(AzureCallException.NotFound.class,
                () -> world.clients.jobs().taskCounts(account, "no-such-job"));
        assertEquals("JobNotFound", notFound.code());
    }

    @Test
    void jobsOnAPoolFollowOdataNextLinkAcrossPages() {
        world.azure.batch().setPageSize(2);
        try {
            for (int i = 0; i < 5; i++) {
                seed("paged-" + i, "paging-pool", 0, Duration.ZERO);
            }
            long before = world.azure.requests().count("Job_List");
            List<BatchJob> jobs = world.clients.jobs().jobsOnPool(account, "paging-pool");
            assertEquals(List.of("paged-0", "paged-1", "paged-2", "paged-3", "paged-4"), jobs.stream().map(BatchJob::id).toList());
            assertEquals(before + 3, world.azure.requests().count("Job_List"));
            assertTrue(jobs.stream().allMatch(j -> j.etag() != null && j.etag().startsWith("0x")));
        } finally {
            world.azure.batch().setPageSize(10);
        }
    }
}
