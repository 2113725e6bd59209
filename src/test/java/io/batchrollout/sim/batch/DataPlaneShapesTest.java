package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shapes only a raw client sees: the data plane's entities and errors, and a pool PUT that replaces a pool. */
class DataPlaneShapesTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static ImageVersionId image;
    static String root;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("shapes", 400, 0);
        account = world.account(accountId);
        image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "shape-pool", BatchWorld.spec(image.toString(), 1));
        world.advance(Duration.ofMinutes(5));
        world.azure.batch().addJob(accountId.toString(), "shape-job", "shape-pool");
        root = "/batch/shapes.westeurope";
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return BatchJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void jobGetHasOdataMetadataEtagPoolInfoAndExecutionInfo() {
        HttpResponse<String> response = world.send("GET", root + "/jobs/shape-job?api-version=2024-07-01.20.0", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("odata=minimalmetadata"));
        JsonNode job = json(response);
        assertTrue(job.get("odata.metadata").asText().endsWith("$metadata#jobs/@Element"));
        assertEquals("active", job.get("state").asText());
        assertEquals(job.get("eTag").asText(), response.headers().firstValue("ETag").orElseThrow());
        assertEquals("shape-pool", job.get("poolInfo").get("poolId").asText());
        assertEquals("shape-pool", job.get("executionInfo").get("poolId").asText());
    }

    @Test
    void dataPlaneErrorsHaveTheOdataShapeWithALocalisedMessage() {
        HttpResponse<String> response = world.send("GET", root + "/jobs/missing?api-version=2024-07-01.20.0", null);
        assertEquals(404, response.statusCode());
        JsonNode error = json(response);
        assertEquals("JobNotFound", error.get("code").asText());
        assertEquals("en-US", error.get("message").get("lang").asText());
        HttpResponse<String> bad = world.send("POST", root + "/jobs/shape-job/disable?api-version=2024-07-01.20.0",
                "{\"disableTasks\":\"later\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("InvalidPropertyValue", json(bad).get("code").asText());
    }

    @Test
    void nodeCountsWithoutFilterListEveryPoolAndNodesCarryTheirImage() {
        JsonNode counts = json(world.send("GET", root + "/nodecounts?api-version=2024-07-01.20.0", null));
        JsonNode shapePool = null;
        for (JsonNode pool : counts.get("value")) {
            shapePool = "shape-pool".equals(pool.get("poolId").asText()) ? pool : shapePool;
        }
        assertEquals(1, shapePool.get("dedicated").get("idle").asInt());
        assertEquals(1, shapePool.get("dedicated").get("total").asInt());
        JsonNode nodes = json(world.send("GET", root + "/pools/shape-pool/nodes?api-version=2024-07-01.20.0", null));
        JsonNode node = nodes.get("value").get(0);
        assertEquals("idle", node.get("state").asText());
        assertEquals(image.toString(), node.get("virtualMachineInfo").get("imageReference").get("virtualMachineImageId").asText());
        assertEquals("completed", node.get("startTaskInfo").get("state").asText());
        HttpResponse<String> badFilter = world.send("GET", root + "/nodecounts?api-version=2024-07-01.20.0&$filter=state%20eq%20'x'", null);
        assertEquals("InvalidQueryParameterValue", json(badFilter).get("code").asText());
    }

    /**
     * BatchService.json 2024-07-01.20.0, VirtualMachineInfo.imageReference: a gallery image is virtualMachineImageId,
     * the id the pool named; exactVersion is documented for platform/Marketplace images only.
     */
    @Test
    void aNodeOfAPoolNamingItsDefinitionReportsTheDefinitionAndNoExactVersion() {
        world.publish(world.ubuntu, "1.0.1");
        world.create(accountId, "latest-pool", BatchWorld.spec(world.ubuntu.toString(), 2));
        world.advance(Duration.ofMinutes(5));
        JsonNode nodes = json(world.send("GET", root + "/pools/latest-pool/nodes?api-version=2024-07-01.20.0", null));
        assertEquals(2, nodes.get("value").size());
        for (JsonNode node : nodes.get("value")) {
            JsonNode imageReference = node.get("virtualMachineInfo").get("imageReference");
            assertEquals(world.ubuntu.toString(), imageReference.get("virtualMachineImageId").asText());
            assertEquals(List.of("virtualMachineImageId"), fieldNames(imageReference),
                    "no id, no exactVersion, no version of a gallery image: " + imageReference);
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void poolPutWithoutConditionsReplacesTheUpdatablePropertiesButNotTheImage() {
        world.create(accountId, "replaced-pool", BatchWorld.spec(image.toString(), 0));
        String body = """
                {"properties":{"vmSize":"Standard_D2s_v3",
                 "deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"},"nodeAgentSkuId":"%s"}},
                 "metadata":[{"name":"replaced","value":"yes"}]}}
                """;
        HttpResponse<String> replaced = world.send("PUT", accountId + "/pools/replaced-pool?api-version=2023-05-01",
                body.formatted(image, BatchWorld.LINUX_AGENT));
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonNode pool = json(replaced).get("properties");
        assertEquals("replaced", pool.get("metadata").get(0).get("name").asText());
        assertTrue(pool.get("startTask") == null, "a PUT without startTask removes it");
        assertEquals(0, pool.get("scaleSettings").get("fixedScale").get("targetDedicatedNodes").asInt());

        ImageVersionId other = world.publish(world.ubuntu, "1.1.0");
        HttpResponse<String> refused = world.send("PUT", accountId + "/pools/replaced-pool?api-version=2023-05-01",
                body.formatted(other, BatchWorld.LINUX_AGENT));
        assertEquals(400, refused.statusCode());
        assertEquals("PropertyCannotBeUpdated", json(refused).get("error").get("code").asText());
    }
}
