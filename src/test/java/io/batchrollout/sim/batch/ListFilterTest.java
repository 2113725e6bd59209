package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageVersionId;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data plane's $filter is evaluated as Batch documents it (OData over the listed entity's properties), not only
 * in the one shape the app sends: and/or/not, parentheses, startswith, ordered comparisons on times and integers, ''
 * in string literals; a property the list does not accept or a malformed filter is 400 InvalidQueryParameterValue.
 * The management plane's pool list and supported VM SKU list go through the same evaluator with their own properties.
 */
class ListFilterTest {
    static BatchWorld world;
    static BatchAccount account;
    static String root;
    static Instant beforeLateJob;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        BatchAccountId accountId = world.addAccount("filters", 400, 0);
        account = world.account(accountId);
        ImageVersionId image = world.publish(world.ubuntu, "1.0.0");
        world.create(accountId, "blue", BatchWorld.spec(image.toString(), 2));
        world.create(accountId, "green", BatchWorld.spec(image.toString(), 1));
        world.advance(Duration.ofMinutes(5));
        world.azure.batch().addJob(accountId.toString(), "render", "blue");
        world.azure.batch().addJob(accountId.toString(), "encode", "blue");
        world.azure.batch().addJob(accountId.toString(), "paint", "green");
        world.azure.batch().terminateJob(accountId.toString(), "encode");
        world.advance(Duration.ofMinutes(1));
        beforeLateJob = world.azure.clock().now();
        world.advance(Duration.ofMinutes(1));
        world.azure.batch().addJob(accountId.toString(), "render-late", "green");
        root = "/batch/filters.westeurope";
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static HttpResponse<String> list(String path, String filter) {
        return world.send("GET", root + path + "?api-version=2024-07-01.20.0&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    private static Set<String> jobIds(String filter) {
        HttpResponse<String> response = list("/jobs", filter);
        assertEquals(200, response.statusCode(), filter + " -> " + response.body());
        Set<String> ids = new TreeSet<>();
        json(response).get("value").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return BatchJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Test
    void theAppsOwnJobQueryThroughTheRealAdapterListsTheJobsOnOnePoolWhateverTheirState() {
        List<String> onBlue = world.clients.jobs().jobsOnPool(account, "blue").stream().map(BatchJob::id).sorted().toList();
        assertEquals(List.of("encode", "render"), onBlue);
        assertEquals(Set.of("paint", "render-late"), jobIds("executionInfo/poolId eq 'GREEN'"), "pool ids ignore case");
    }

    @Test
    void andWithStateKeepsOnlyTheActiveJobsOfThePool() {
        assertEquals(Set.of("render"), jobIds("executionInfo/poolId eq 'blue' and state eq 'active'"));
        assertEquals(Set.of("encode"), jobIds("executionInfo/poolId eq 'blue' and state ne 'active'"));
    }

    @Test
    void orNotAndParenthesesCombineAsOdataSays() {
        assertEquals(Set.of("paint", "render", "render-late"), jobIds("executionInfo/poolId eq 'green' or id eq 'render'"));
        assertEquals(Set.of("paint", "render-late"), jobIds("not (executionInfo/poolId eq 'blue')"));
        // and binds tighter than or: the second form keeps encode, which the first one's brackets exclude
        assertEquals(Set.of("render"), jobIds("(id eq 'encode' or id eq 'render') and state eq 'active'"));
        assertEquals(Set.of("encode", "render"), jobIds("id eq 'encode' or id eq 'render' and state eq 'active'"));
    }

    @Test
    void startswithAndOrderedComparisonsOnIdsTimesAndIntegers() {
        assertEquals(Set.of("render", "render-late"), jobIds("startswith(id, 'rend')"));
        assertEquals(Set.of("render", "render-late"), jobIds("startswith(id, 'REND') eq true"));
        assertEquals(Set.of("encode", "paint"), jobIds("startswith(id, 'rend') eq false"));
        assertEquals(Set.of("render-late"), jobIds("creationTime gt datetime'" + beforeLateJob + "'"));
        assertEquals(Set.of("encode", "paint", "render"), jobIds("creationTime le " + beforeLateJob));
        assertEquals(Set.of("encode", "paint", "render", "render-late"), jobIds("priority ge 0"));
        assertEquals(Set.of(), jobIds("priority gt 0"));
    }

    @Test
    void aDoubledQuoteInAStringLiteralIsOneQuote() {
        assertEquals(Set.of(), jobIds("id eq 'it''s'"));
        assertEquals(Set.of("encode", "paint", "render", "render-late"), jobIds("id ne 'it''s'"));
    }

    @Test
    void malformedFiltersAndPropertiesTheListDoesNotAcceptAre400InvalidQueryParameterValueNamingTheReason() {
        List<String> refused = List.of(
                "poolInfo/poolId eq 'blue'",
                "state gt 'active'",
                "id eq 'unterminated",
                "executionInfo/poolId eq blue",
                "(id eq 'render'",
                "id eq 'render' and",
                "priority eq 'high'",
                "creationTime gt datetime'yesterday'",
                "state EQ 'active'",
                "id eq 'a' xor id eq 'b'",
                "startswith(state, 'act')",
                "id eq 'a' ; id eq 'b'");
        List<String> answers = new ArrayList<>();
        for (String filter : refused) {
            HttpResponse<String> response = list("/jobs", filter);
            JsonNode error = json(response);
            answers.add(response.statusCode() + " " + error.path("code").asText());
            assertEquals("$filter", error.get("values").get(0).get("value").asText(), filter);
            assertEquals(filter, error.get("values").get(1).get("value").asText());
            assertEquals("Reason", error.get("values").get(2).get("key").asText());
            assertFalse(error.get("values").get(2).get("value").asText().isBlank(), filter);
        }
        assertEquals(refused.stream().map(f -> "400 InvalidQueryParameterValue").toList(), answers);
    }

    @Test
    void nodeCountsAcceptPoolIdEqOnlyThroughTheSameEvaluator() {
        assertEquals(2, world.clients.nodes().nodeCounts(account, "blue").dedicated().idle());
        JsonNode green = json(list("/nodecounts", "poolId eq 'green'")).get("value");
        assertEquals(1, green.size());
        assertEquals("green", green.get(0).get("poolId").asText());
        assertEquals(400, list("/nodecounts", "poolId ne 'green'").statusCode());
        assertEquals(2, json(list("/nodecounts", "poolId eq 'green' or poolId eq 'blue'")).get("value").size());
    }

    private static Set<String> poolNames(String filter) {
        HttpResponse<String> response = world.send("GET", account.id() + "/pools?api-version=2024-07-01&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"), null);
        assertEquals(200, response.statusCode(), filter + " -> " + response.body());
        Set<String> names = new TreeSet<>();
        json(response).get("value").forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    @Test
    void theManagementPoolListTakesTheSpecsExampleFilterThroughTheSameEvaluator() {
        // PoolListWithFilter.json (BatchManagement 2024-07-01), with this test's pool names
        assertEquals(Set.of("blue"), poolNames("startswith(name, 'bl') or (properties/allocationState eq 'Steady' "
                + "and properties/provisioningStateTransitionTime lt datetime'2017-02-02')"));
        assertEquals(Set.of("blue", "green"), poolNames("properties/scaleSettings/fixedScale ne null"));
        assertEquals(Set.of(), poolNames("properties/scaleSettings/autoScale ne null"));
        assertEquals(Set.of("blue", "green"), poolNames("properties/vmSize eq 'standard_d2s_v3' and properties/allocationState eq 'Steady'"));
        HttpResponse<String> refused = world.send("GET", account.id() + "/pools?api-version=2024-07-01&$filter="
                + URLEncoder.encode("properties/currentDedicatedNodes eq 2", StandardCharsets.UTF_8).replace("+", "%20"), null);
        assertEquals(400, refused.statusCode());
        assertEquals("InvalidQueryParameterValue", json(refused).get("error").get("code").asText());
    }

    @Test
    void theSupportedVmSkuListFiltersOnFamilyNameAcrossPages() {
        String path = "/subscriptions/" + BatchWorld.SUBSCRIPTION + "/providers/Microsoft.Batch/locations/westeurope"
                + "/virtualMachineSkus?api-version=2024-07-01&maxresults=2&$filter=";
        List<String> listed = new ArrayList<>();
        int pages = 0;
        String next = path + "familyName%20eq%20'standardDSv3Family'";
        while (next != null) {
            JsonNode page = json(world.send("GET", next, null));
            page.get("value").forEach(sku -> listed.add(sku.get("name").asText()));
            next = page.has("nextLink") ? page.get("nextLink").asText().replaceFirst("^https://[^/]+", "") : null;
            pages++;
        }
        List<String> family = VmSizes.all().stream().filter(v -> v.family().equals("standardDSv3Family"))
                .map(VmSizes.VmSize::name).sorted().toList();
        assertEquals(family, listed.stream().sorted().toList());
        assertEquals((family.size() + 1) / 2, pages, "the nextLink keeps the filter");
        assertEquals(400, world.send("GET", path + "vCPUs%20eq%202", null).statusCode());
    }

    @Test
    void nodeListsFilterOnTheNodesStateAndStartTask() {
        assertEquals(2, json(list("/pools/blue/nodes", "state eq 'idle'")).get("value").size());
        assertEquals(0, json(list("/pools/blue/nodes", "state eq 'running'")).get("value").size());
        assertEquals(2, json(list("/pools/blue/nodes", "startTaskInfo/exitCode eq 0 and startTaskInfo/result eq 'success'"))
                .get("value").size());
        assertTrue(list("/pools/blue/nodes", "vmSize eq 'standard_d2s_v3'").body().contains("InvalidQueryParameterValue"));
    }
}
