package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Versions marked broken over HTTP ({@code /_sim/broken-versions}): nodes Batch builds from them fail their start
 * task until the mark is cleared. Pools are created and read with the app's real clients, marks set with curl's
 * equivalent.
 */
class BrokenVersionControlsTest {
    static final String SUB = "00000000-0000-0000-0000-0000000000bf";
    static final String DEFINITION = "/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/"
            + "brokengallery/images/ubuntu";
    static SimulatedAzure azure;
    static SimControlClient client;
    static AzureClients clients;
    static BatchAccountId account;

    @BeforeAll
    static void start() {
        azure = SimulatedAzure.start(0);
        client = new SimControlClient(azure);
        clients = AzureClients.create(azure.target());
        azure.gallery().addGallery(SUB, "img-rg", "brokengallery", "westeurope");
        azure.gallery().addImageDefinition(DEFINITION.substring(0, DEFINITION.indexOf("/images/")), "ubuntu", "Linux",
                "Generalized", "V2");
        azure.batch().addAccount(SUB, "batch-rg", "brokenbatch", "westeurope", 200, 0);
        account = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/brokenbatch");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static String publish(String version) {
        azure.gallery().addVersion(DEFINITION, version, List.of(new SimTargetRegion("West Europe", 1, false)), true);
        return DEFINITION + "/versions/" + version;
    }

    private static HttpResponse<String> mark(String versionId) throws Exception {
        return client.control("POST", "/_sim/broken-versions", "{\"versionId\": \"" + versionId + "\"}");
    }

    private static HttpResponse<String> clear(String versionId) throws Exception {
        return client.control("DELETE", "/_sim/broken-versions?versionId=" + URLEncoder.encode(versionId, StandardCharsets.UTF_8), null);
    }

    private static JsonNode marked() throws Exception {
        return SimControlClient.json(client.control("GET", "/_sim/broken-versions", null)).path("value");
    }

    /** Creates a pool of {@code nodes} on the version, lets them start, and answers their counts. */
    private static NodeCounts.StateCounts poolOf(String poolName, String versionId, int nodes) {
        clients.pools().create(account.pool(poolName), new PoolSpec("Standard_D2s_v3", versionId, "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), List.of()));
        azure.advance(Duration.ofMinutes(20));
        return counts(poolName);
    }

    private static NodeCounts.StateCounts counts(String poolName) {
        BatchAccount batch = clients.pools().account(account);
        return clients.nodes().nodeCounts(batch, poolName).dedicated();
    }

    @Test
    void aVersionMarkedBeforeItIsPublishedBuildsNodesThatFailTheirStartTask() throws Exception {
        String id = DEFINITION + "/versions/1.1.0";
        HttpResponse<String> marked = mark(id.toUpperCase(Locale.ROOT));
        assertEquals(201, marked.statusCode(), marked.body());
        assertFalse(SimControlClient.json(marked).path("published").asBoolean());
        publish("1.1.0");
        assertTrue(marked().get(0).path("published").asBoolean());

        NodeCounts.StateCounts counts = poolOf("on-marked", id, 3);

        assertEquals(3, counts.startTaskFailed());
        assertEquals(0, counts.idle());
        assertEquals(200, mark(id).statusCode(), "marking again changes nothing");
        assertEquals(1, marked().size());
        clear(id);
    }

    @Test
    void clearingTheMarkLetsNodesBuiltAfterwardsStartWhileNodesThatFailedStayFailed() throws Exception {
        String id = publish("1.2.0");
        mark(id);
        assertEquals(2, poolOf("before-clear", id, 2).startTaskFailed());

        HttpResponse<String> cleared = clear(id);
        assertEquals(200, cleared.statusCode(), cleared.body());
        assertFalse(SimControlClient.json(cleared).path("broken").asBoolean());
        NodeCounts.StateCounts after = poolOf("after-clear", id, 2);

        assertEquals(2, after.idle());
        assertEquals(0, after.startTaskFailed());
        assertEquals(2, counts("before-clear").startTaskFailed());
        assertEquals(0, marked().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"versionId\": \"" + DEFINITION + "\"}",
            "{\"versionId\": \"" + DEFINITION + "/versions/latest\"}",
            "{\"versionId\": \"1.3.0\"}",
            "{\"versionId\": 130}",
            "{\"versionId\": \"" + DEFINITION + "/versions/1.3.0\", \"broken\": true}",
            "{}",
            "[]",
            "not json"})
    void aMarkThatIsNotAVersionIdIsRefusedAndMarksNothing(String body) throws Exception {
        HttpResponse<String> refused = client.control("POST", "/_sim/broken-versions", body);

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertFalse(SimControlClient.json(refused).path("detail").asText().isBlank());
        assertEquals(0, marked().size());
    }

    @Test
    void clearingNeedsAVersionIdThatIsMarked() throws Exception {
        HttpResponse<String> missing = client.control("DELETE", "/_sim/broken-versions", null);
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals("versionId", SimControlClient.json(missing).path("errors").get(0).path("field").asText());

        HttpResponse<String> notMarked = clear(DEFINITION + "/versions/9.9.9");
        assertEquals(404, notMarked.statusCode(), notMarked.body());
        assertEquals("VersionNotMarked", SimControlClient.json(notMarked).path("code").asText());
    }
}
