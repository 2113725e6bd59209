package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.RequestLog;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changing a pool's image: read-only at api-version 2023-05-01 (the SDK's), allowed at 2024-07-01 only while the
 * pool is Steady with no nodes; the next resize builds nodes from the new image.
 */
class PoolImageChangeTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static ImageVersionId v1;
    static ImageVersionId v2;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("imagechange", 400, 0);
        account = world.account(accountId);
        v1 = world.publish(world.ubuntu, "1.0.0");
        v2 = world.publish(world.ubuntu, "1.1.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static JsonNode error(HttpResponse<String> response) {
        try {
            return BatchJson.MAPPER.readTree(response.body()).get("error");
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void imageChangeAtTheSdksApiVersionIsPropertyCannotBeUpdated() {
        Pool pool = world.create(accountId, "old-api", BatchWorld.spec(v1.toString(), 0));
        String body = """
                {"properties":{"deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"},"nodeAgentSkuId":"%s"}}}}
                """.formatted(v2, BatchWorld.LINUX_AGENT);
        HttpResponse<String> response = world.send("PATCH", pool.id() + "?api-version=2023-05-01", body);
        assertEquals(400, response.statusCode());
        JsonNode error = error(response);
        assertEquals("PropertyCannotBeUpdated", error.get("code").asText());
        assertEquals("properties.deploymentConfiguration", error.get("details").get(2).get("message").asText());
        Pool after = world.pool(pool.id());
        assertEquals(pool.etag(), after.etag());
        assertEquals(v1.toString(), after.imageReferenceId());
    }

    @Test
    void imageChangeWhileThePoolHasNodesIsAConflictAndChangesNothing() {
        Pool pool = world.create(accountId, "busy", BatchWorld.spec(v1.toString(), 2));
        world.advance(Duration.ofMinutes(5));
        Pool steady = world.pool(pool.id());
        assertEquals("Steady", steady.allocationState());
        assertEquals(2, steady.currentDedicatedNodes());
        AzureCallException.Conflict conflict = assertThrows(AzureCallException.Conflict.class,
                () -> world.clients.pools().changeImage(pool.id(), v2.toString(), pool.nodeAgentSkuId(), steady.etag()));
        assertEquals("OperationInvalidForCurrentState", conflict.code());
        Pool after = world.pool(pool.id());
        assertEquals(steady.etag(), after.etag());
        assertEquals(v1.toString(), after.imageReferenceId());
    }

    @Test
    void imageChangeWhileResizingIsAConflict() {
        Pool pool = world.create(accountId, "resizing", BatchWorld.spec(v1.toString(), 1));
        assertEquals("Resizing", pool.allocationState());
        assertThrows(AzureCallException.Conflict.class,
                () -> world.clients.pools().changeImage(pool.id(), v2.toString(), pool.nodeAgentSkuId(), pool.etag()));
    }

    @Test
    void imageChangeOnASteadyEmptyPoolIsAcceptedAtTheNewApiVersionAndTheNextResizeUsesIt() {
        Pool pool = world.create(accountId, "empty", BatchWorld.spec(v1.toString(), 0));
        Pool changed = world.clients.pools().changeImage(pool.id(), v2.toString(), pool.nodeAgentSkuId(), pool.etag());
        assertEquals(v2.toString(), changed.imageReferenceId());
        assertEquals(BatchWorld.LINUX_AGENT, changed.nodeAgentSkuId());
        assertNotEquals(pool.etag(), changed.etag());
        assertEquals(changed.etag(), world.pool(pool.id()).etag());
        RequestLog.Entry patch = world.azure.requests().entries().stream()
                .filter(e -> e.operation().equals("Pool_Update") && e.path().endsWith("/pools/empty")).reduce((a, b) -> b).orElseThrow();
        assertTrue(patch.query().contains("api-version=2024-07-01"), patch.query());
        assertEquals(pool.etag(), patch.ifMatch());

        world.clients.pools().update(pool.id(), PoolUpdate.scale(BatchWorld.fixed(2, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.REQUEUE)), changed.etag());
        world.advance(Duration.ofMinutes(5));
        List<ComputeNode> nodes = world.clients.nodes().nodes(account, "empty");
        assertEquals(2, nodes.size());
        assertTrue(nodes.stream().allMatch(n -> v2.toString().equals(n.imageReferenceId())), nodes.toString());
    }

    @Test
    void imageChangeWithAStaleEtagIsPreconditionFailed() {
        Pool pool = world.create(accountId, "stale-image", BatchWorld.spec(v1.toString(), 0));
        world.clients.pools().update(pool.id(), PoolUpdate.metadata(List.of()), pool.etag());
        assertThrows(AzureCallException.PreconditionFailed.class,
                () -> world.clients.pools().changeImage(pool.id(), v2.toString(), pool.nodeAgentSkuId(), pool.etag()));
        assertEquals(v1.toString(), world.pool(pool.id()).imageReferenceId());
    }

    @Test
    void imageChangeToAVersionNotInTheRegionIsRefused() {
        Pool pool = world.create(accountId, "far-image", BatchWorld.spec(v1.toString(), 0));
        ImageVersionId far = world.ubuntu.version("3.0.0");
        world.gallery.version(far.toString(), "eastus", "Completed");
        AzureCallException.Failed failed = assertThrows(AzureCallException.Failed.class,
                () -> world.clients.pools().changeImage(pool.id(), far.toString(), pool.nodeAgentSkuId(), pool.etag()));
        assertEquals("InvalidPropertyValue", failed.code());
        assertEquals(v1.toString(), world.pool(pool.id()).imageReferenceId());
    }

    @Test
    void imageReferenceWithoutNodeAgentIsRefusedAtTheNewApiVersion() {
        Pool pool = world.create(accountId, "no-agent", BatchWorld.spec(v1.toString(), 0));
        String body = """
                {"properties":{"deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"}}}}}
                """.formatted(v2);
        HttpResponse<String> response = world.send("PATCH", pool.id() + "?api-version=2024-07-01", body);
        assertEquals(400, response.statusCode());
        assertEquals("MissingRequiredProperty", error(response).get("code").asText());
    }
}
