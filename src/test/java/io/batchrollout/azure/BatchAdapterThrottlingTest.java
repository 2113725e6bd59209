package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.testworld.BatchWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Throttled Batch calls (429, 503 with Retry-After) are retried by the pipeline; past its retries they are Throttled. */
class BatchAdapterThrottlingTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static Pool pool;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("throttled", 400, 0);
        account = world.account(accountId);
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        pool = world.create(accountId, "busy", BatchWorld.spec(image.toString(), 0));
        world.azure.batch().addJob(accountId.toString(), "job", "busy");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void clearFaults() {
        world.azure.faults().clear();
    }

    @Test
    void throttledPoolReadsAreRetriedUntilTheyAnswer() {
        long before = world.azure.requests().count("Pool_Get");
        world.azure.faults().throttle("Pool_Get", 2, Duration.ZERO);
        assertEquals(pool.id(), world.clients.pools().get(pool.id()).orElseThrow().id());
        assertEquals(before + 3, world.azure.requests().count("Pool_Get"));
    }

    @Test
    void aThrottledUpdateChangesNothingAndItsRetryAppliesOnce() {
        Pool current = world.pool(pool.id());
        world.azure.faults().throttle("Pool_Update", 1, Duration.ZERO);
        Pool updated = world.clients.pools().update(pool.id(), PoolUpdate.metadata(List.of(new Metadata("once", "1"))), current.etag());
        assertEquals(List.of(new Metadata("once", "1")), updated.metadata());
        assertEquals(2, world.azure.requests().entries().stream().filter(e -> e.operation().equals("Pool_Update")).count());
    }

    @Test
    void unavailableDataPlaneCallsAreRetriedUntilTheyAnswer() {
        long before = world.azure.requests().count("Job_List");
        world.azure.faults().unavailable("Job_List", 2, Duration.ZERO);
        assertEquals(1, world.clients.jobs().jobsOnPool(account, "busy").size());
        assertEquals(before + 3, world.azure.requests().count("Job_List"));
    }

    @Test
    void throttlingPastTheRetriesSurfacesAsThrottledWithRetryAfter() {
        world.azure.faults().throttle("Account_ListPoolNodeCounts", 10, Duration.ZERO);
        AzureCallException.Throttled throttled = assertThrows(AzureCallException.Throttled.class,
                () -> world.clients.nodes().nodeCounts(account, "busy"));
        assertEquals(429, throttled.status());
        assertEquals("TooManyRequests", throttled.code());
        assertEquals(Duration.ZERO, throttled.retryAfter().orElseThrow());

        world.azure.faults().clear();
        world.azure.faults().unavailable("Pool_Get", 10, Duration.ZERO);
        AzureCallException.Throttled unavailable = assertThrows(AzureCallException.Throttled.class,
                () -> world.clients.pools().get(pool.id()));
        assertEquals(503, unavailable.status());
    }
}
