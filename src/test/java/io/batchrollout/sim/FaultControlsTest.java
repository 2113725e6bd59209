package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fault rules scripted over HTTP ({@code /_sim/faults}), seen from outside as a black-box test or a demo sees them. */
class FaultControlsTest {
    static final String SUB = "00000000-0000-0000-0000-0000000000fc";
    static final String GALLERIES = "/subscriptions/" + SUB + "/resourceGroups/faults-rg/providers/Microsoft.Compute/galleries";
    static final String GALLERY = GALLERIES + "/faultgallery?api-version=2024-03-03";
    static SimulatedAzure azure;
    static SimControlClient client;

    @BeforeAll
    static void start() {
        azure = SimulatedAzure.start(0);
        client = new SimControlClient(azure);
        azure.gallery().addGallery(SUB, "faults-rg", "faultgallery", "westeurope");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @BeforeEach
    void noRules() {
        azure.faults().clear();
    }

    private static JsonNode addRule(String json) throws Exception {
        HttpResponse<String> response = client.control("POST", "/_sim/faults", json);
        assertEquals(201, response.statusCode(), response.body());
        JsonNode rule = SimControlClient.json(response);
        assertEquals("/_sim/faults/" + rule.path("id").asText(), response.headers().firstValue("Location").orElse(""));
        return rule;
    }

    private static int getGallery() throws Exception {
        return client.azure("GET", GALLERY, null).statusCode();
    }

    private static List<Integer> getGallery(int times) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            statuses.add(getGallery());
        }
        return statuses;
    }

    private static JsonNode rules() throws Exception {
        HttpResponse<String> response = client.control("GET", "/_sim/faults", null);
        assertEquals(200, response.statusCode(), response.body());
        return SimControlClient.json(response).path("value");
    }

    @Test
    void aThrottleAnswersItsCountOfRequestsOfItsOperationWithStatusCodeAndRetryAfterThenRunsOut() throws Exception {
        addRule("{\"operation\": \"Galleries_Get\", \"status\": 429, \"retryAfterSeconds\": 7, \"count\": 2}");
        long before = azure.requests().count(e -> e.operation().equals("Galleries_Get") && e.status() == 429);

        HttpResponse<String> throttled = client.azure("GET", GALLERY, null);
        assertEquals(429, throttled.statusCode());
        assertEquals("7", throttled.headers().firstValue("Retry-After").orElse(""));
        assertEquals("TooManyRequests", SimControlClient.json(throttled).path("error").path("code").asText());
        assertEquals(200, client.azure("GET", GALLERIES + "?api-version=2024-03-03", null).statusCode(),
                "another operation is not throttled");
        assertEquals(List.of(429, 200, 200), getGallery(3));

        assertEquals(2, azure.requests().count(e -> e.operation().equals("Galleries_Get") && e.status() == 429) - before);
        assertEquals(0, rules().size(), "a rule that has fired its count is gone");
    }

    @Test
    void everyNthFiresOnlyOnEveryNthRequestOfItsOperation() throws Exception {
        addRule("{\"operation\": \"Galleries_Get\", \"status\": 503, \"every\": 3, \"count\": 2}");

        assertEquals(List.of(200, 200, 503, 200, 200, 503, 200), getGallery(7));
    }

    @Test
    void aSeededProbabilityPicksTheSameRequestsEveryTimeItIsScripted() throws Exception {
        String rule = "{\"operation\": \"Galleries_Get\", \"status\": 500, \"code\": \"InternalError\", \"probability\": 0.5, \"seed\": 42}";
        JsonNode added = addRule(rule);
        List<Integer> first = getGallery(20);
        JsonNode listed = rules().get(0);
        client.control("DELETE", "/_sim/faults", null);
        addRule(rule);
        List<Integer> second = getGallery(20);

        assertEquals(first, second);
        assertTrue(first.contains(500) && first.contains(200), first.toString());
        assertEquals(42, added.path("seed").asLong());
        assertEquals("cleared", added.path("until").asText());
        assertEquals(20, listed.path("seen").asInt());
        assertEquals(first.stream().filter(s -> s == 500).count(), listed.path("fired").asLong());
    }

    @Test
    void aRuleForSimulatedTimeEndsWhenTheSimulatedClockPassesIt() throws Exception {
        addRule("{\"operation\": \"*\", \"status\": 500, \"forSeconds\": 600}");
        assertEquals(500, getGallery());

        client.control("POST", "/_sim/advance?seconds=599", null);
        assertEquals(500, getGallery());
        client.control("POST", "/_sim/advance?seconds=1", null);
        assertEquals(200, getGallery());
        assertEquals(0, rules().size());
    }

    @Test
    void aRuleForRealTimeEndsAfterThatManyWallClockSeconds() throws Exception {
        addRule("{\"operation\": \"Galleries_Get\", \"status\": 500, \"forRealSeconds\": 1.5}");
        assertEquals(500, getGallery());

        Thread.sleep(2_000);
        assertEquals(200, getGallery());
        assertEquals(0, rules().size());
    }

    @Test
    void latencyAloneDelaysTheRequestAndThenLetsItThrough() throws Exception {
        addRule("{\"operation\": \"Galleries_Get\", \"latencyMs\": 300, \"count\": 1}");

        long start = System.nanoTime();
        assertEquals(200, getGallery());
        assertTrue(System.nanoTime() - start >= 300_000_000L, "answered before the scripted latency");
        assertEquals(0, rules().size());
    }

    @Test
    void aFaultedWriteChangesNothing() throws Exception {
        addRule("{\"operation\": \"Galleries_CreateOrUpdate\", \"status\": 409, \"code\": \"OperationNotAllowed\", "
                + "\"message\": \"busy\", \"count\": 1}");
        String other = GALLERIES + "/othergallery?api-version=2024-03-03";

        HttpResponse<String> refused = client.azure("PUT", other, "{\"location\": \"westeurope\"}");
        assertEquals(409, refused.statusCode());
        assertEquals("busy", SimControlClient.json(refused).path("error").path("message").asText());
        assertEquals(404, client.azure("GET", other, null).statusCode());
        assertTrue(client.azure("PUT", other, "{\"location\": \"westeurope\"}").statusCode() / 100 == 2);
    }

    @Test
    void rulesAreListedRemovedOneByOneAndClearedTogether() throws Exception {
        JsonNode first = addRule("{\"operation\": \"Pool_Get\", \"status\": 429, \"count\": 5}");
        JsonNode second = addRule("{\"operation\": \"job_list\", \"status\": 500, \"code\": \"ServerBusy\", \"every\": 2}");
        assertEquals("Job_List", second.path("operation").asText(), "operation names are matched case-insensitively");
        assertEquals(2, rules().size());
        assertEquals(5, rules().get(0).path("remaining").asInt());

        assertEquals(204, client.control("DELETE", "/_sim/faults/" + first.path("id").asText(), null).statusCode());
        assertEquals(second.path("id").asText(), rules().get(0).path("id").asText());
        HttpResponse<String> again = client.control("DELETE", "/_sim/faults/" + first.path("id").asText(), null);
        assertEquals(404, again.statusCode());
        assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> cleared = client.control("DELETE", "/_sim/faults", null);
        assertEquals(1, SimControlClient.json(cleared).path("cleared").asInt());
        assertEquals(0, rules().size());
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("{\"operation\": \"Pool_Gett\", \"status\": 429}", "operation"),
                Arguments.of("{\"status\": 429}", "operation"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 200}", "status"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": \"429\"}", "status"),
                Arguments.of("{\"operation\": \"Galleries_Get\"}", "status"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"latencyMs\": 10, \"retryAfterSeconds\": 5}", "retryAfterSeconds"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"latencyMs\": 600000}", "latencyMs"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"code\": \"Too Many\"}", "code"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"every\": 2, \"probability\": 0.5}", "every"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"probability\": 1.5}", "probability"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"probability\": 0}", "probability"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"seed\": 3}", "seed"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"count\": 0}", "count"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"forSeconds\": -1}", "forSeconds"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"forRealSeconds\": \"1m\"}", "forRealSeconds"),
                Arguments.of("{\"operation\": \"Galleries_Get\", \"status\": 429, \"colour\": \"red\"}", "colour"),
                Arguments.of("[{\"operation\": \"Galleries_Get\", \"status\": 429}]", "body"),
                Arguments.of("operation=Galleries_Get&status=429", null));
    }

    @ParameterizedTest
    @MethodSource("badRules")
    void aRuleThatCannotBeUnderstoodIsRefusedNamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        addRule("{\"operation\": \"Pool_Get\", \"status\": 429}");

        HttpResponse<String> refused = client.control("POST", "/_sim/faults", body);

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = SimControlClient.json(refused);
        assertEquals(400, problem.path("status").asInt());
        assertTrue(!problem.path("detail").asText().isBlank());
        if (field != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertEquals(List.of(field), fields, problem.toString());
        }
        assertEquals(1, rules().size(), "only the rule added before");
        assertEquals(200, getGallery());
    }
}
