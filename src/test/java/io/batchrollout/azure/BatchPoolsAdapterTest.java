package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.testworld.BatchWorld;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The management-plane adapter against the simulated Batch: what it sends and how it maps what comes back. */
class BatchPoolsAdapterTest {
    static BatchWorld world;
    static BatchPools pools;
    static BatchAccountId account;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        pools = world.clients.pools();
        account = world.addAccount("adapter", 400, 0);
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static RequestLog.Entry last(String operation, String poolName) {
        return world.azure.requests().entries().stream()
                .filter(e -> e.operation().equals(operation) && e.path().endsWith("/" + poolName)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + operation + " for " + poolName));
    }

    @Test
    void createSendsIfNoneMatchStarAtTheSdksApiVersion() {
        pools.create(account.pool("conditional"), BatchWorld.spec(image.toString(), 0));
        RequestLog.Entry create = last("Pool_Create", "conditional");
        assertEquals("*", create.ifNoneMatch());
        assertEquals(null, create.ifMatch());
        assertTrue(create.query().contains("api-version=2023-05-01"), create.query());
    }

    @Test
    void updateSendsOnlyWhatItNamesAndTheCallersEtag() {
        Pool pool = pools.create(account.pool("partial"), BatchWorld.spec(image.toString(), 0));
        Pool updated = pools.update(pool.id(), PoolUpdate.metadata(List.of(new Metadata("k", "v"))), pool.etag());
        assertEquals(pool.etag(), last("Pool_Update", "partial").ifMatch());
        assertEquals(pool.scaleSettings(), updated.scaleSettings());
        assertEquals(pool.startTask(), updated.startTask());
        assertEquals(List.of(new Metadata("k", "v")), updated.metadata());
    }

    @Test
    void startTaskAndScaleSettingsRoundTripIncludingTheDeallocationOption() {
        Pool pool = pools.create(account.pool("roundtrip"), BatchWorld.spec(image.toString(), 0));
        StartTask task = new StartTask("/bin/bash -c 'setup.sh'", false, false, 3);
        ScaleSettings.FixedScale scale = new ScaleSettings.FixedScale(0, 0, Duration.ofMinutes(45),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION);
        Pool updated = pools.update(pool.id(), new PoolUpdate(Optional.of(scale), Optional.empty(), Optional.of(task)), pool.etag());
        assertEquals(Optional.of(task), updated.startTask());
        assertEquals(scale, updated.scaleSettings());
        assertEquals(scale, pools.get(pool.id()).orElseThrow().scaleSettings());
    }

    @Test
    void autoScaleRoundTrips() {
        ScaleSettings.AutoScale auto = new ScaleSettings.AutoScale("$TargetDedicatedNodes=0;", Duration.ofMinutes(10));
        Pool pool = pools.create(account.pool("autoscaled"), new io.batchrollout.core.model.PoolSpec("Standard_D2s_v3",
                image.toString(), BatchWorld.LINUX_AGENT, auto, Optional.empty(), List.of()));
        assertEquals(auto, pool.scaleSettings());
        assertEquals(Optional.empty(), pool.startTask());
        assertEquals(auto, pools.get(pool.id()).orElseThrow().scaleSettings());
    }

    @Test
    void deleteSendsNoIfMatchBecausePoolDeleteHasNoneAndAnAbsentPoolIsAlreadyDeleted() {
        Pool pool = pools.create(account.pool("deleted"), BatchWorld.spec(image.toString(), 0));
        pools.delete(pool.id());
        RequestLog.Entry delete = last("Pool_Delete", "deleted");
        assertEquals(null, delete.ifMatch(), "the spec has no conditional header for Pool_Delete");
        assertEquals(202, delete.status());
        world.advance(Duration.ofMinutes(1));
        pools.delete(pool.id());
        assertEquals(204, last("Pool_Delete", "deleted").status());
    }

    @Test
    void listOfEveryPoolCarriesEachPoolsEtag() {
        BatchAccountId other = world.addAccount("listing", 400, 0);
        Pool a = pools.create(other.pool("a"), BatchWorld.spec(image.toString(), 0));
        Pool b = pools.create(other.pool("b"), BatchWorld.spec(image.toString(), 0));
        assertEquals(List.of(a.etag(), b.etag()), pools.list(other).stream().map(Pool::etag).toList());
    }

    @Test
    void changingTheImageOfAMissingPoolIsNotFound() {
        PoolId missing = account.pool("missing");
        assertThrows(AzureCallException.NotFound.class, () -> pools.changeImage(missing, image.toString(), "batch.node.ubuntu 22.04", "W/\"0x1\""));
    }

    @Test
    void refusalsKeepBatchsReasonInTheMessage() {
        AzureCallException.Failed failed = assertThrows(AzureCallException.Failed.class, () -> pools.create(
                account.pool("tiny-timeout"), new io.batchrollout.core.model.PoolSpec("Standard_D2s_v3", image.toString(),
                        BatchWorld.LINUX_AGENT, BatchWorld.fixed(1, Duration.ofMinutes(1), ScaleSettings.NodeDeallocationOption.REQUEUE),
                        Optional.empty(), List.of())));
        assertTrue(failed.getMessage().contains("PropertyName: resizeTimeout"), failed.getMessage());
    }
}
