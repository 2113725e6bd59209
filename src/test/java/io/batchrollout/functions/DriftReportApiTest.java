package io.batchrollout.functions;

import static io.batchrollout.functions.RolloutApi.inPhase;
import static io.batchrollout.functions.RolloutApi.tracking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.local.InvocationLog;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/drift's additions and formats, getPool's phase deadline, and the timer's drift line, through the app. */
class DriftReportApiTest {
    static RolloutApi api;

    @BeforeAll
    static void start() {
        api = new RolloutApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return api.http.send(HttpRequest.newBuilder(URI.create(api.runner.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode named(JsonNode array, String member, String value) {
        for (JsonNode item : array) {
            if (item.path(member).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + member + "=" + value + " in " + array);
    }

    @Test
    void theJsonReportCarriesTheCountsTheImagesAndEachPoolsDeadline() throws Exception {
        ImageDefinitionId image = api.definition("dra-json");
        api.pool("dra-json", image, 1, Optional.of(tracking(image)));
        api.addVersion(image, "1.1.0");

        JsonNode report = api.getJson("/api/drift");

        for (String count : List.of("stuck", "behind", "endOfLifeSoon")) {
            assertTrue(report.path(count).isInt(), count + " in " + report);
        }
        JsonNode definition = named(report.path("images"), "definitionId", image.toString());
        assertEquals("1.1.0", definition.path("newestVersion").asText());
        assertEquals(image.version("1.1.0").toString(), definition.path("newestVersionId").asText());
        JsonNode newest = definition.path("versions").get(0);
        assertEquals("Succeeded", newest.path("provisioningState").asText());
        assertEquals(List.of("westeurope", "Completed", "1", "100"), List.of(newest.path("regions").get(0).path("region").asText(),
                newest.path("regions").get(0).path("state").asText(), newest.path("regions").get(0).path("replicas").asText(),
                newest.path("regions").get(0).path("progress").asText()), newest.toString());
        assertTrue(newest.path("readiness").get(0).path("ready").asBoolean(), newest.toString());
        JsonNode shortfall = definition.path("replicaShortfall").get(0);
        assertEquals(List.of("westeurope", "1.1.0", "dra-json", "1", "1", "1", "0"), List.of(shortfall.path("region").asText(),
                shortfall.path("version").asText(), shortfall.path("largestPoolId").asText(), shortfall.path("nodes").asText(),
                shortfall.path("replicasNeeded").asText(), shortfall.path("replicasPresent").asText(),
                shortfall.path("shortfall").asText()));
        assertEquals(0, definition.path("endOfLife").size());
        JsonNode pool = named(report.path("pools"), "poolId", "dra-json");
        assertEquals("drifted", pool.path("status").asText());
        assertEquals(0, pool.path("daysBehind").asInt(), "1.1.0 was published today");
        assertTrue(pool.path("phaseDeadline").isNull(), "at rest");
        assertFalse(pool.path("stuck").asBoolean());
    }

    @Test
    void markdownAnswersTheSameFactsAsTablesAndAnUnknownFormatIsRefusedBeforeAnythingIsRead() throws Exception {
        ImageDefinitionId image = api.definition("dra-md");
        api.pool("dra-md", image, 1, Optional.of(tracking(image)));
        api.addVersion(image, "1.1.0");

        HttpResponse<String> markdown = get("/api/drift?format=markdown");
        long requests = api.runner.sim().requests().entries().size();
        HttpResponse<String> refused = get("/api/drift?format=csv");

        assertEquals(200, markdown.statusCode(), markdown.body());
        assertEquals("text/markdown; charset=utf-8", markdown.headers().firstValue("Content-Type").orElse(""));
        String body = markdown.body();
        assertTrue(body.startsWith("# Drift report\n\n| managed | in sync | drifted | unknown | stuck | behind | end of life soon |\n"), body);
        assertTrue(body.contains("## Image dra-md\n"), body);
        assertTrue(body.contains("| 1.1.0 | Succeeded | no |"), body);
        assertTrue(body.contains("| westeurope | 1.1.0 | dra-md | 1 | 1 | 1 | 0 |"), body);
        assertTrue(body.contains("| dra-md | demobatch | tracked, inPlace | 1.0.0 | 1.1.0 | drifted | Stable | - | no | 0 | - |"), body);
        System.out.println("drift report markdown example:\n" + body);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = RolloutApi.JSON.readTree(refused.body());
        assertEquals("#/format", problem.path("errors").get(0).path("pointer").asText(), problem.toString());
        assertEquals(requests, api.runner.sim().requests().entries().size(), "nothing read for a refused format");
    }

    @Test
    void getPoolAndListPoolsShowThePhaseDeadlineAndCallAPoolPastItStuck() throws Exception {
        ImageDefinitionId image = api.definition("dra-stuck");
        api.pool("dra-stuck", image, 2, Optional.of(tracking(image)));
        api.addVersion(image, "1.1.0");
        api.passUntil("dra-stuck", inPhase(RolloutPhase.VERIFYING), 30);
        Instant since = api.state("dra-stuck").since().orElseThrow();
        String deadline = since.plus(Duration.ofMinutes(25)).toString();

        JsonNode onTime = api.getJson("/api/pools/dra-stuck").path("rollout");
        api.runner.sim().advance(Duration.ofMinutes(26));
        JsonNode late = api.getJson("/api/pools/dra-stuck").path("rollout");
        JsonNode listed = named(api.getJson("/api/pools?pageSize=100").path("value"), "poolId", "dra-stuck").path("rollout");
        JsonNode drift = named(api.getJson("/api/drift").path("pools"), "poolId", "dra-stuck");

        assertEquals("Verifying", onTime.path("phase").asText());
        assertEquals(deadline, onTime.path("deadline").asText(), "phase start + 15 minutes' resize timeout + VERIFY_GRACE");
        assertFalse(onTime.path("stuck").asBoolean());
        assertEquals(deadline, late.path("deadline").asText());
        assertTrue(late.path("stuck").asBoolean(), late.toString());
        assertEquals(List.of("Verifying", deadline, "true"), List.of(listed.path("phase").asText(),
                listed.path("deadline").asText(), listed.path("stuck").asText()), listed.toString());
        assertEquals(deadline, drift.path("phaseDeadline").asText());
        assertTrue(drift.path("stuck").asBoolean());
    }

    @Test
    void theTimersPassLogsTheDriftCountsBesideItsSummary() throws Exception {
        int before = api.runner.invocations().of(DriftCheckFunction.DRIFT_CHECK).size();
        HttpResponse<String> started = api.post("/admin/functions/" + DriftCheckFunction.DRIFT_CHECK, "application/json",
                "{\"input\":\"\"}");
        assertEquals(202, started.statusCode(), started.body());
        List<InvocationLog.Invocation> runs = api.runner.invocations().await(DriftCheckFunction.DRIFT_CHECK, before + 1,
                Duration.ofSeconds(20));

        List<String> lines = runs.get(runs.size() - 1).loggedLines();
        int summary = lines.indexOf(lines.stream().filter(l -> l.startsWith("INFO pass summary: ")).findFirst().orElseThrow());
        assertTrue(lines.get(summary + 1).matches("INFO drift summary: managed=\\d+ inSync=\\d+ drifted=\\d+ unknown=\\d+ "
                + "stuck=\\d+ behind=\\d+ endOfLifeSoon=\\d+"), lines.toString());
    }
}
