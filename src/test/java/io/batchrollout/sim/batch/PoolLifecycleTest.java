package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.RequestLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pools through the real management adapter: create, read, list, update, delete and the conditional-write rules. */
class PoolLifecycleTest {
    static BatchWorld world;
    static BatchAccountId account;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        account = world.addAccount("lifecycle", 400, 40);
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void accountReportsItsEndpointQuotasAndEntraOnlyAuthentication() {
        BatchAccount read = world.account(account);
        assertEquals(world.azure.authority() + "/batch/lifecycle.westeurope", read.accountEndpoint());
        assertEquals("westeurope", read.location());
        assertEquals("BatchService", read.poolAllocationMode());
        assertEquals(400, read.dedicatedCoreQuota());
        assertEquals(40, read.lowPriorityCoreQuota());
        assertTrue(read.dedicatedCoreQuotaPerVmFamilyEnforced());
        assertEquals(400, read.dedicatedCoreQuotaPerVmFamily().get("standardDSv3Family"));
        assertEquals(100, read.poolQuota());
    }

    @Test
    void createdPoolReadsBackWithEverythingItWasCreatedWith() {
        PoolId id = account.pool("roundtrip");
        Pool created = world.create(account, "roundtrip", BatchWorld.spec(image.toString(), 2));
        Pool read = world.pool(id);
        assertEquals(created.etag(), read.etag());
        assertEquals(id, read.id());
        assertEquals("Succeeded", read.provisioningState());
        assertEquals("Standard_D2s_v3", read.vmSize());
        assertEquals(image.toString(), read.imageReferenceId());
        assertEquals(BatchWorld.LINUX_AGENT, read.nodeAgentSkuId());
        assertEquals(BatchWorld.spec(image.toString(), 2).scaleSettings(), read.scaleSettings());
        assertEquals(BatchWorld.spec(image.toString(), 2).startTask(), read.startTask());
        assertEquals(List.of(new Metadata("owner", "rollout")), read.metadata());
        assertEquals("Resizing", read.allocationState());
    }

    @Test
    void absentPoolReadsAsEmpty() {
        assertTrue(world.clients.pools().get(account.pool("never-created")).isEmpty());
    }

    @Test
    void createWithIfNoneMatchOnAnExistingPoolIsAConflictAndChangesNothing() {
        Pool first = world.create(account, "exists", BatchWorld.spec(image.toString(), 0));
        AzureCallException.Conflict conflict = assertThrows(AzureCallException.Conflict.class,
                () -> world.create(account, "exists", BatchWorld.spec(image.toString(), 5)));
        assertEquals("PoolExists", conflict.code());
        Pool after = world.pool(account.pool("exists"));
        assertEquals(first.etag(), after.etag());
        assertEquals(0, ((io.batchrollout.core.model.ScaleSettings.FixedScale) after.scaleSettings()).targetDedicatedNodes());
        assertTrue(world.azure.requests().entries().stream().anyMatch(e -> e.operation().equals("Pool_Create")
                && "*".equals(e.ifNoneMatch()) && e.status() == 409));
    }

    @Test
    void updateWithTheCurrentEtagReplacesMetadataAndStampsANewEtag() {
        Pool pool = world.create(account, "metadata", BatchWorld.spec(image.toString(), 0));
        List<Metadata> metadata = List.of(new Metadata("phase", "Draining"), new Metadata("target", "1.0.0"));
        Pool updated = world.clients.pools().update(pool.id(), PoolUpdate.metadata(metadata), pool.etag());
        assertEquals(metadata, updated.metadata());
        assertNotEquals(pool.etag(), updated.etag());
        assertEquals(updated.etag(), world.pool(pool.id()).etag());
        assertEquals(metadata, world.pool(pool.id()).metadata());
    }

    @Test
    void updateWithAStaleEtagIsPreconditionFailedAndChangesNothing() {
        Pool pool = world.create(account, "stale", BatchWorld.spec(image.toString(), 0));
        Pool current = world.clients.pools().update(pool.id(), PoolUpdate.metadata(List.of(new Metadata("a", "1"))), pool.etag());
        long writesBefore = world.azure.requests().count((RequestLog.Entry e) -> e.operation().equals("Pool_Update"));
        AzureCallException.PreconditionFailed refused = assertThrows(AzureCallException.PreconditionFailed.class,
                () -> world.clients.pools().update(pool.id(), PoolUpdate.metadata(List.of(new Metadata("b", "2"))), pool.etag()));
        assertEquals("ConditionNotMet", refused.code());
        Pool after = world.pool(pool.id());
        assertEquals(current.etag(), after.etag());
        assertEquals(List.of(new Metadata("a", "1")), after.metadata());
        assertEquals(writesBefore + 1, world.azure.requests().count((RequestLog.Entry e) -> e.operation().equals("Pool_Update")));
        assertTrue(world.azure.requests().entries().stream().anyMatch(e -> e.operation().equals("Pool_Update")
                && e.status() == 412 && pool.etag().equals(e.ifMatch())));
    }

    @Test
    void deleteIsAsynchronousThePoolIsDeletingAndThenGone() {
        Pool pool = world.create(account, "doomed", BatchWorld.spec(image.toString(), 0));
        world.clients.pools().delete(pool.id());
        Pool deleting = world.pool(pool.id());
        assertEquals("Deleting", deleting.provisioningState());
        world.advance(Duration.ofMinutes(1));
        assertTrue(world.clients.pools().get(pool.id()).isEmpty());
    }

    /**
     * Pool_Delete has no conditional header in the 2024-07-01 spec: an If-Match, even a stale one, does not stop it, so
     * the simulator (like Azure may) ignores it. The answers are the spec's: 202 with Location and Retry-After while
     * the pool is being deleted (again for a repeated delete), 204 once there is no such pool.
     */
    @Test
    void deleteWithAStaleIfMatchStillDeletesBecausePoolDeleteHasNoConditionalHeader() {
        Pool pool = world.create(account, "keeper", BatchWorld.spec(image.toString(), 0));
        world.clients.pools().update(pool.id(), PoolUpdate.metadata(List.of()), pool.etag());
        String path = pool.id() + "?api-version=2024-07-01";

        java.net.http.HttpResponse<String> first = world.send("DELETE", path, null, java.util.Map.of("If-Match", pool.etag()));

        assertEquals(202, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("Location").orElseThrow().contains("/poolOperationResults/delete-keeper-"));
        assertEquals("15", first.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("Deleting", world.pool(pool.id()).provisioningState(), "the stale ETag did not protect the pool");
        java.net.http.HttpResponse<String> again = world.send("DELETE", path, null, java.util.Map.of("If-Match", "W/\"0xstale\""));
        assertEquals(202, again.statusCode());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"), "the same operation");
        world.advance(Duration.ofMinutes(1));
        assertTrue(world.clients.pools().get(pool.id()).isEmpty());
        assertEquals(204, world.send("DELETE", path, null, java.util.Map.of("If-Match", pool.etag())).statusCode());
        assertEquals(0, world.azure.requests().count(e -> e.operation().equals("Pool_Delete") && e.status() == 412));
    }

    @Test
    void listFollowsNextLinkAcrossPages() {
        BatchAccountId many = world.addAccount("manypools", 400, 0);
        world.azure.batch().setPageSize(2);
        world.azure.batch().setMaxPageSize(2); // the app asks for 1,000 a page; the service may answer fewer
        try {
            for (int i = 0; i < 5; i++) {
                world.create(many, "pool-" + i, BatchWorld.spec(image.toString(), 0));
            }
            long listCallsBefore = world.azure.requests().count("Pool_ListByBatchAccount");
            List<Pool> pools = world.clients.pools().list(many);
            assertEquals(List.of("pool-0", "pool-1", "pool-2", "pool-3", "pool-4"),
                    pools.stream().map(p -> p.id().poolName()).toList());
            assertEquals(listCallsBefore + 3, world.azure.requests().count("Pool_ListByBatchAccount"));
            assertFalse(pools.stream().anyMatch(p -> p.etag() == null));
        } finally {
            world.azure.batch().setPageSize(10);
            world.azure.batch().setMaxPageSize(1000);
        }
    }
}
