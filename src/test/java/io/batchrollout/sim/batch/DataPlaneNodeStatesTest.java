package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.NodeCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node states as the 2024-07-01.20.0 data plane spells them: lower case in a node's {@code state}
 * (ComputeNodeState), camelCase keys in {@code /nodecounts} including deallocated, deallocating and upgradingOS;
 * a node's startTask in the data plane's enum casing.
 */
class DataPlaneNodeStatesTest {
    static final String API = "?api-version=2024-07-01.20.0";
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static String root;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("states", 400, 0);
        account = world.account(accountId);
        root = "/batch/states.westeurope";
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static JsonNode get(String path) {
        try {
            return BatchJson.MAPPER.readTree(world.send("GET", root + path + API, null).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> nodeStates(String pool) {
        List<String> states = new ArrayList<>();
        get("/pools/" + pool + "/nodes").path("value").forEach(n -> states.add(n.path("state").asText()));
        return states;
    }

    private static JsonNode dedicatedCounts(String pool) {
        for (JsonNode counts : get("/nodecounts").path("value")) {
            if (counts.path("poolId").asText().equals(pool)) {
                return counts.path("dedicated");
            }
        }
        throw new AssertionError("no counts for " + pool);
    }

    @Test
    void aNodeWaitingForItsStartTaskIsWaitingforstarttaskInTheListAndWaitingForStartTaskInTheCounts() {
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "waiting", BatchWorld.spec(image.toString(), 2));
        world.advance(Duration.ofSeconds(195));

        assertEquals(List.of("waitingforstarttask", "waitingforstarttask"), nodeStates("waiting"));
        assertEquals(2, dedicatedCounts("waiting").path("waitingForStartTask").asInt());
        List<ComputeNode> nodes = world.clients.nodes().nodes(account, "waiting");
        assertTrue(nodes.stream().allMatch(n -> n.state().equals("waitingforstarttask")), nodes.toString());
    }

    @Test
    void aNodeWhoseStartTaskFailedIsStarttaskfailed() {
        ImageVersionId broken = world.publish(world.ubuntu, "9.0.0");
        world.gallery.markBroken(broken.toString());
        world.create(accountId, "failing", BatchWorld.spec(broken.toString(), 1));
        world.advance(Duration.ofMinutes(6));

        assertEquals(List.of("starttaskfailed"), nodeStates("failing"));
        assertEquals(1, dedicatedCounts("failing").path("startTaskFailed").asInt());
    }

    @Test
    void countsCarryEveryStateOfTheSpecIncludingDeallocationAndOsUpgrade() {
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "keys", BatchWorld.spec(image.toString(), 1));
        JsonNode counts = dedicatedCounts("keys");
        for (String key : List.of("creating", "deallocated", "deallocating", "idle", "leavingPool", "offline", "preempted",
                "rebooting", "reimaging", "running", "starting", "startTaskFailed", "unknown", "unusable",
                "waitingForStartTask", "upgradingOS", "total")) {
            assertTrue(counts.path(key).isInt(), key + " in " + counts);
        }
        assertEquals(17, counts.size(), counts.toString());
    }

    @Test
    void deallocatedNodesStayInThePoolAndAreCountedAsSuchThroughTheAdapter() {
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "dealloc", BatchWorld.spec(image.toString(), 3));
        world.advance(Duration.ofMinutes(6));
        assertEquals(2, world.azure.batch().deallocateNodes(accountId.toString(), "dealloc", 2));

        NodeCounts.StateCounts during = world.clients.nodes().nodeCounts(account, "dealloc").dedicated();
        assertEquals(2, during.deallocating());
        world.advance(Duration.ofSeconds(30));
        NodeCounts.StateCounts after = world.clients.nodes().nodeCounts(account, "dealloc").dedicated();

        assertEquals(2, after.deallocated());
        assertEquals(0, after.deallocating());
        assertEquals(1, after.idle());
        assertEquals(3, after.total());
        assertEquals(2, nodeStates("dealloc").stream().filter("deallocated"::equals).count());
    }

    @Test
    void aNodesStartTaskUsesTheDataPlanesEnumCasing() {
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "casing", BatchWorld.spec(image.toString(), 1));
        world.advance(Duration.ofMinutes(6));
        String armPool = world.send("GET", accountId + "/pools/casing?api-version=2024-07-01", null).body();
        JsonNode autoUser = get("/pools/casing/nodes").path("value").get(0).path("startTask").path("userIdentity").path("autoUser");

        assertEquals("admin", autoUser.path("elevationLevel").asText(), autoUser.toString());
        assertTrue(autoUser.path("scope").isMissingNode() || autoUser.path("scope").asText().equals(
                autoUser.path("scope").asText().toLowerCase()), autoUser.toString());
        assertTrue(armPool.contains("\"Admin\""), "the management plane keeps its own casing: " + armPool);
    }

    @Test
    void theStartTaskMappingLowersAutoUserEnumsAndCamelCasesContainerEnums() {
        JsonNode arm = BatchJson.MAPPER.createObjectNode().put("commandLine", "x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) arm).putObject("userIdentity").putObject("autoUser")
                .put("scope", "Pool").put("elevationLevel", "NonAdmin");
        com.fasterxml.jackson.databind.node.ObjectNode container = ((com.fasterxml.jackson.databind.node.ObjectNode) arm)
                .putObject("containerSettings").put("imageName", "x").put("workingDirectory", "ContainerImageDefault");
        container.putArray("containerHostBatchBindMounts").addObject().put("source", "VfsMounts").put("isReadOnly", true);

        JsonNode data = DataPlaneJson.dataPlaneStartTask((com.fasterxml.jackson.databind.node.ObjectNode) arm);

        assertEquals("pool", data.path("userIdentity").path("autoUser").path("scope").asText());
        assertEquals("nonadmin", data.path("userIdentity").path("autoUser").path("elevationLevel").asText());
        assertEquals("containerImageDefault", data.path("containerSettings").path("workingDirectory").asText());
        assertEquals("vfsMounts", data.path("containerSettings").path("containerHostBatchBindMounts").get(0).path("source").asText());
        assertEquals("x", data.path("commandLine").asText());
    }

    @Test
    void theCoreModelKeepsNodeStatesInLowerCaseWhateverCasingArrived() {
        assertEquals("starttaskfailed", new ComputeNode("n", "startTaskFailed", true, null, 0).state());
        assertEquals("upgradingos", new ComputeNode("n", "upgradingOS", true, null, 0).state());
    }
}
