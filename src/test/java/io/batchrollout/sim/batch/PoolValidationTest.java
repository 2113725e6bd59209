package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.port.AzureCallException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the simulated Batch resource provider refuses when a pool is created, and in which shape. */
class PoolValidationTest {
    static BatchWorld world;
    static BatchAccountId account;
    static ImageVersionId replicated;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        account = world.addAccount("validation", 400, 0);
        replicated = world.publish(world.ubuntu, "2.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static AzureCallException.Failed refusedCreate(String name, PoolSpec spec) {
        AzureCallException.Failed failed = assertThrows(AzureCallException.Failed.class, () -> world.create(account, name, spec));
        assertTrue(world.clients.pools().get(account.pool(name)).isEmpty(), "a refused create must not leave a pool");
        return failed;
    }

    private static PoolSpec withScale(ScaleSettings scale) {
        PoolSpec base = BatchWorld.spec(replicated.toString(), 0);
        return new PoolSpec(base.vmSize(), base.imageReferenceId(), base.nodeAgentSkuId(), scale, base.startTask(), base.metadata());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return BatchJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String poolPath(String name, String apiVersion) {
        return account + "/pools/" + name + "?api-version=" + apiVersion;
    }

    @Test
    void resizeTimeoutUnderFiveMinutesIsRefusedAsAnInvalidPropertyValue() {
        AzureCallException.Failed failed = refusedCreate("short-timeout", withScale(
                BatchWorld.fixed(1, Duration.ofMinutes(4), ScaleSettings.NodeDeallocationOption.REQUEUE)));
        assertEquals(400, failed.status());
        assertEquals("InvalidPropertyValue", failed.code());
    }

    @Test
    void imageVersionNotReplicatedToTheAccountsRegionIsRefused() {
        ImageVersionId elsewhere = world.ubuntu.version("2.1.0");
        world.gallery.version(elsewhere.toString(), "eastus", "Completed", "westeurope", "Replicating");
        AzureCallException.Failed failed = refusedCreate("not-here", BatchWorld.spec(elsewhere.toString(), 1));
        assertEquals("InvalidPropertyValue", failed.code());
        assertTrue(failed.getMessage().contains("westeurope"), failed.getMessage());
    }

    @Test
    void definitionWithoutAnyVersionInTheRegionIsRefusedAndWithOneIsAccepted() {
        var empty = world.galleryId.image("empty-definition");
        world.gallery.definition(empty.toString(), "Linux", "Generalized");
        assertEquals("InvalidPropertyValue", refusedCreate("no-latest", BatchWorld.spec(empty.toString(), 0)).code());
        world.publish(empty, "0.1.0");
        assertEquals(empty.toString(), world.create(account, "latest-ok", BatchWorld.spec(empty.toString(), 0)).imageReferenceId());
    }

    @Test
    void specializedImageIsRefused() {
        ImageVersionId version = world.publish(world.specialized, "1.0.0");
        AzureCallException.Failed failed = refusedCreate("specialized", BatchWorld.spec(version.toString(), 0));
        assertTrue(failed.getMessage().contains("Specialized"), failed.getMessage());
    }

    @Test
    void windowsNodeAgentOnALinuxImageIsRefused() {
        PoolSpec base = BatchWorld.spec(replicated.toString(), 0);
        AzureCallException.Failed failed = refusedCreate("wrong-agent", new PoolSpec(base.vmSize(), base.imageReferenceId(),
                BatchWorld.WINDOWS_AGENT, base.scaleSettings(), Optional.empty(), List.of()));
        assertEquals("InvalidPropertyValue", failed.code());
        assertTrue(failed.getMessage().contains("node agent"), failed.getMessage());
    }

    @Test
    void unknownVmSizeIsRefused() {
        PoolSpec base = BatchWorld.spec(replicated.toString(), 0);
        AzureCallException.Failed failed = refusedCreate("odd-size", new PoolSpec("Standard_Imaginary_v9", base.imageReferenceId(),
                base.nodeAgentSkuId(), base.scaleSettings(), Optional.empty(), List.of()));
        assertEquals("InvalidPropertyValue", failed.code());
    }

    @Test
    void fixedAndAutoScaleTogetherAreRefusedWithBatchsErrorDetails() {
        String body = """
                {"properties":{"vmSize":"Standard_D2s_v3",
                 "deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"},"nodeAgentSkuId":"%s"}},
                 "scaleSettings":{"fixedScale":{"targetDedicatedNodes":1},"autoScale":{"formula":"$TargetDedicatedNodes=1;"}}}}
                """.formatted(replicated, BatchWorld.LINUX_AGENT);
        HttpResponse<String> response = world.send("PUT", poolPath("both-scales", "2023-05-01"), body);
        assertEquals(400, response.statusCode());
        JsonNode error = json(response).get("error");
        assertEquals("InvalidPropertyValue", error.get("code").asText());
        assertEquals("BatchAccount", error.get("target").asText());
        assertEquals("PropertyName", error.get("details").get(1).get("code").asText());
        assertEquals("scaleSettings", error.get("details").get(1).get("message").asText());
        assertTrue(error.get("message").asText().contains("RequestId:"));
    }

    @Test
    void missingVmSizeAndMissingNodeAgentAreMissingRequiredProperties() {
        String noVmSize = """
                {"properties":{"deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"},"nodeAgentSkuId":"%s"}}}}
                """.formatted(replicated, BatchWorld.LINUX_AGENT);
        HttpResponse<String> response = world.send("PUT", poolPath("no-size", "2023-05-01"), noVmSize);
        assertEquals(400, response.statusCode());
        assertEquals("MissingRequiredProperty", json(response).get("error").get("code").asText());
        String noAgent = """
                {"properties":{"vmSize":"Standard_D2s_v3","deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"}}}}}
                """.formatted(replicated);
        response = world.send("PUT", poolPath("no-agent", "2023-05-01"), noAgent);
        assertEquals("MissingRequiredProperty", json(response).get("error").get("code").asText());
        assertTrue(response.body().contains("nodeAgentSkuId"), response.body());
    }

    @Test
    void aLocationInThePoolBodyIsAnInvalidRequestBody() {
        HttpResponse<String> response = world.send("PUT", poolPath("located", "2023-05-01"), "{\"location\":\"westeurope\",\"properties\":{}}");
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequestBody", json(response).get("error").get("code").asText());
    }

    @Test
    void poolNameOutsideBatchsRuleIsRefused() {
        HttpResponse<String> response = world.send("PUT", poolPath("bad.name", "2023-05-01"), "{\"properties\":{}}");
        assertEquals(400, response.statusCode());
        assertEquals("InvalidPropertyValue", json(response).get("error").get("code").asText());
    }

    @Test
    void readingAnAbsentPoolIsA404InArmShape() {
        HttpResponse<String> response = world.send("GET", poolPath("nothing-here", "2023-05-01"), null);
        assertEquals(404, response.statusCode());
        assertEquals("PoolNotFound", json(response).get("error").get("code").asText());
    }

    @Test
    void readingAnUnknownAccountIsNotFound() {
        BatchAccountId missing = BatchAccountId.parse("/subscriptions/" + BatchWorld.SUBSCRIPTION
                + "/resourceGroups/" + BatchWorld.RESOURCE_GROUP + "/providers/Microsoft.Batch/batchAccounts/ghost");
        AzureCallException.NotFound notFound = assertThrows(AzureCallException.NotFound.class, () -> world.account(missing));
        assertEquals("ResourceNotFound", notFound.code());
    }

    @Test
    void poolQuotaOfTheAccountIsEnforced() {
        BatchAccountId small = world.addAccount("smallquota", 100, 0);
        world.azure.batch().setPoolQuota(small.toString(), 3);
        for (int i = 0; i < 3; i++) {
            world.create(small, "p" + i, BatchWorld.spec(replicated.toString(), 0));
        }
        AzureCallException.Conflict conflict = assertThrows(AzureCallException.Conflict.class,
                () -> world.create(small, "one-too-many", BatchWorld.spec(replicated.toString(), 0)));
        assertEquals("PoolQuotaReached", conflict.code());
    }
}
