package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.config.SettingsException;
import io.batchrollout.sim.EventDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner answers the Functions host's URL shapes by calling the annotated function classes. Nothing is seeded
 * (the simulator's seeding is not what this tests), timers are off, ports are any free ones.
 */
class LocalRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LocalRunner runner;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runner.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.path("status").asInt());
        return body;
    }

    @Test
    void reflectionFindsExactlyTheDeployedFunctionsWithTheirTriggers() {
        Map<String, String> triggers = runner.catalog().all().stream()
                .collect(Collectors.toMap(FunctionDefinition::name, f -> f.trigger().bindingType()));

        assertEquals(Map.of("galleryImageVersionEvent", "eventGridTrigger", "driftCheck", "timerTrigger",
                "createPool", "httpTrigger", "getPool", "httpTrigger", "listPools", "httpTrigger", "driftReport", "httpTrigger",
                "rolloutAction", "httpTrigger", "adoptPool", "httpTrigger", "plan", "httpTrigger", "dashboard", "httpTrigger"), triggers);
    }

    @Test
    void bothServersListenOnTheFreePortsTheyWereGiven() {
        assertTrue(runner.localPort() > 0);
        assertTrue(runner.simPort() > 0);
        assertNotEquals(runner.localPort(), runner.simPort());
    }

    /**
     * Each route reaches its function (the invocation log says which ran). The simulator is empty here, so the pool
     * functions answer problems of their own (no pool, no account); driftReport answers a report naming the account it
     * could not read.
     */
    @Test
    void eachHttpFunctionIsCalledAtItsRoute() throws Exception {
        Map<String, String[]> routes = Map.of("createPool", new String[] {"POST", "/api/pools"},
                "listPools", new String[] {"GET", "/api/pools"},
                "getPool", new String[] {"GET", "/api/pools/pool-1"},
                "rolloutAction", new String[] {"POST", "/api/pools/pool-1/rollout"},
                "adoptPool", new String[] {"POST", "/api/pools/pool-1/adopt"},
                "plan", new String[] {"GET", "/api/plan"});
        for (Map.Entry<String, String[]> route : routes.entrySet()) {
            int before = runner.invocations().of(route.getKey()).size();

            HttpResponse<String> response = send(route.getValue()[0], route.getValue()[1], Map.of("Content-Type", "application/json"), "{}");

            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.body());
            assertEquals(route.getValue()[1], JSON.readTree(response.body()).path("instance").asText());
            assertEquals(before + 1, runner.invocations().of(route.getKey()).size(), route.getKey() + " was not the function called");
        }
        int driftsBefore = runner.invocations().of("driftReport").size();
        HttpResponse<String> drift = send("GET", "/api/drift", Map.of(), null);
        assertEquals(200, drift.statusCode(), drift.body());
        JsonNode report = JSON.readTree(drift.body());
        assertEquals(0, report.path("total").asInt());
        assertEquals(1, report.path("accountsNotRead").size(), report.toString());
        assertEquals(driftsBefore + 1, runner.invocations().of("driftReport").size());
        problem(send("POST", "/api/pools", Map.of("Content-Type", "application/json"), "{}"), 400);
    }

    /** A String body with the function's own Content-Type goes out as the function gave it: the dashboard's HTML. */
    @Test
    void theDashboardIsServedAsTheHtmlTheFunctionBuiltWithItsHeaders() throws Exception {
        int before = runner.invocations().of("dashboard").size();

        HttpResponse<String> response = send("GET", "/api/dashboard?code=some-key", Map.of(), null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'; "));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(response.body().startsWith("<!doctype html>") && response.body().trim().endsWith("</html>"), response.body());
        assertEquals(before + 1, runner.invocations().of("dashboard").size());
    }

    @Test
    void routesMatchCaseInsensitivelyAndIgnoreATrailingSlash() throws Exception {
        int before = runner.invocations().of("getPool").size();

        send("GET", "/API/Pools/pool-2/", Map.of(), null);

        assertEquals(before + 1, runner.invocations().of("getPool").size());
    }

    @Test
    void unknownRouteIs404Problem() throws Exception {
        JsonNode body = problem(send("GET", "/api/pools/pool-1/nodes", Map.of(), null), 404);
        assertTrue(body.path("detail").asText().contains("/api/pools/{poolId}"), body.toString());

        problem(send("GET", "/nothing-here", Map.of(), null), 404);
    }

    @Test
    void knownRouteWithAnotherMethodIs405ListingTheAllowedOnes() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/pools", Map.of(), null);

        problem(response, 405);
        assertEquals("GET, POST", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void subscriptionValidationHandshakeReturnsTheValidationCode() throws Exception {
        String validation = "[{\"id\":\"2d1781af\",\"topic\":\"/subscriptions/x\",\"subject\":\"\",\"data\":{\"validationCode\":"
                + "\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\",\"validationUrl\":\"https://example.invalid\"},"
                + "\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"eventTime\":\"2026-01-05T09:00:00Z\","
                + "\"metadataVersion\":\"1\",\"dataVersion\":\"2\"}]";
        int before = runner.invocations().of("galleryImageVersionEvent").size();

        HttpResponse<String> response = send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("aeg-event-type", "SubscriptionValidation", "Content-Type", "application/json"), validation);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JSON.readTree(response.body()).path("validationResponse").asText());
        assertEquals(before, runner.invocations().of("galleryImageVersionEvent").size(), "the handshake is the host's, not the function's");
    }

    @Test
    void cloudEventsValidationWithStringEncodedDataIsAnsweredToo() throws Exception {
        String validation = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
                + "\"data\":\"{\\\"validationCode\\\":\\\"code-42\\\"}\"}";

        HttpResponse<String> response = send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("aeg-event-type", "SubscriptionValidation"), validation);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("code-42", JSON.readTree(response.body()).path("validationResponse").asText());
    }

    /** Deletes: events the function acknowledges without a pass, so this holds whichever rollout engine is wired. */
    @Test
    void notificationCallsTheFunctionOncePerEventAndAnswers202WhenEachReturned() throws Exception {
        int before = runner.invocations().of("galleryImageVersionEvent").size();
        String events = "[" + deleteSuccess("e-1", "1.0.1") + "," + deleteSuccess("e-2", "1.0.2") + "]";

        HttpResponse<String> response = send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("aeg-event-type", "Notification"), events);

        assertEquals(202, response.statusCode(), response.body());
        List<InvocationLog.Invocation> calls = runner.invocations().of("galleryImageVersionEvent");
        assertEquals(before + 2, calls.size());
        assertEquals(Set.of(InvocationLog.Result.SUCCEEDED), calls.subList(before, before + 2).stream()
                .map(InvocationLog.Invocation::result).collect(Collectors.toSet()));
        assertTrue(calls.get(calls.size() - 1).loggedLines().get(0).contains("event e-2 "), calls.get(calls.size() - 1).loggedLines().toString());
    }

    @Test
    void oneCloudEventObjectIsOneInvocation() throws Exception {
        int before = runner.invocations().of("galleryImageVersionEvent").size();
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"c-1\",\"source\":\"/subscriptions/x\",\"type\":\"Microsoft.Resources.ResourceWriteSuccess\","
                + "\"subject\":\"/subscriptions/x/v\",\"time\":\"2026-01-05T09:00:00Z\",\"data\":{}}";

        HttpResponse<String> response = send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("aeg-event-type", "Notification", "Content-Type", "application/cloudevents+json"), cloudEvent);

        assertEquals(202, response.statusCode(), response.body());

        assertEquals(before + 1, runner.invocations().of("galleryImageVersionEvent").size());
    }

    @Test
    void theSimulatorsEventGridDeliversToTheRunnersWebhook() throws Exception {
        int before = runner.invocations().of("galleryImageVersionEvent").size();

        runner.sim().events().publish(JSON.readTree("[" + deleteSuccess("sim-1", "2.0.0") + "]"));
        runner.sim().events().awaitDelivered();

        List<EventDelivery.Delivered> delivered = runner.sim().events().delivered();
        assertEquals(202, delivered.get(delivered.size() - 1).status());
        assertEquals(before + 1, runner.invocations().of("galleryImageVersionEvent").size());
    }

    @Test
    void webhookForAnUnknownFunctionIs404AndAMissingEventTypeHeaderIs400() throws Exception {
        problem(send("POST", "/runtime/webhooks/EventGrid?functionName=driftCheck", Map.of("aeg-event-type", "Notification"), "[]"), 404);
        problem(send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent", Map.of(), "[]"), 400);
    }

    @Test
    void unsubscribeIsAcceptedWithoutCallingTheFunction() throws Exception {
        int before = runner.invocations().of("galleryImageVersionEvent").size();

        HttpResponse<String> response = send("POST", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("aeg-event-type", "Unsubscribe"), "");

        assertEquals(202, response.statusCode());
        assertEquals(before, runner.invocations().of("galleryImageVersionEvent").size());
    }

    @Test
    void cloudEventsAbuseProtectionHandshakeAllowsEventGridsOrigin() throws Exception {
        HttpResponse<String> response = send("OPTIONS", "/runtime/webhooks/EventGrid?functionName=galleryImageVersionEvent",
                Map.of("WebHook-Request-Origin", "eventgrid.azure.net"), null);

        assertEquals(200, response.statusCode());
        assertEquals("eventgrid.azure.net", response.headers().firstValue("WebHook-Allowed-Origin").orElse(""));
    }

    @Test
    void adminApiRunsTheTimerFunctionInTheBackgroundAndAnswers202() throws Exception {
        int before = runner.invocations().of("driftCheck").size();

        HttpResponse<String> response = send("POST", "/admin/functions/driftCheck", Map.of("Content-Type", "application/json"), "{\"input\":\"\"}");

        assertEquals(202, response.statusCode(), response.body());
        List<InvocationLog.Invocation> runs = runner.invocations().await("driftCheck", before + 1, WAIT);
        InvocationLog.Invocation run = runs.get(runs.size() - 1);
        assertTrue(run.reason().contains("admin"), run.reason());
    }

    @Test
    void adminApiRefusesUnknownFunctionsHttpFunctionsAndBodiesThatAreNotJsonObjects() throws Exception {
        problem(send("POST", "/admin/functions/noSuchFunction", Map.of(), "{}"), 404);
        problem(send("POST", "/admin/functions/listPools", Map.of(), "{}"), 400);
        problem(send("POST", "/admin/functions/driftCheck", Map.of(), "input"), 400);
    }

    @Test
    void timerFunctionRunsOnTheScheduleItsAppSettingNames() throws Exception {
        LocalRunner.Options everySecond = new LocalRunner.Options(0, 0, Seed.NONE, Map.of("DRIFT_SCHEDULE", "* * * * * *"), true, System.out, 0);
        try (LocalRunner timed = LocalRunner.start(everySecond)) {
            List<InvocationLog.Invocation> runs = timed.invocations().await("driftCheck", 2, WAIT);

            assertTrue(runs.get(0).reason().startsWith("Timer fired at "), runs.get(0).reason());
            assertTrue(runs.get(1).reason().startsWith("Timer fired at "), runs.get(1).reason());
        }
    }

    @Test
    void environmentOverridesGoThroughTheSettingsValidation() {
        try (LocalRunner custom = LocalRunner.start(LocalRunner.Options.forTests(Map.of("VMS_PER_REPLICA", "600")))) {
            assertEquals(600, custom.settings().vmsPerReplica());
            assertEquals(DemoResources.batchAccountId(), custom.settings().batchAccountIds().get(0));
        }
        SettingsException refused = assertThrows(SettingsException.class,
                () -> LocalRunner.start(LocalRunner.Options.forTests(Map.of("BATCH_ACCOUNT_KEY", "secret"))));
        assertTrue(refused.getMessage().contains("BATCH_ACCOUNT_KEY"), refused.getMessage());
    }

    private static String deleteSuccess(String id, String version) {
        String resource = DemoResources.imageId().version(version).toString();
        return "{\"id\":\"" + id + "\",\"topic\":\"/subscriptions/" + DemoResources.SUBSCRIPTION_ID + "/resourceGroups/" + DemoResources.RESOURCE_GROUP + "\","
                + "\"subject\":\"" + resource + "\",\"eventType\":\"Microsoft.Resources.ResourceDeleteSuccess\","
                + "\"eventTime\":\"2026-01-05T09:00:00Z\",\"data\":{\"resourceUri\":\"" + resource + "\","
                + "\"operationName\":\"Microsoft.Compute/galleries/images/versions/delete\",\"status\":\"Succeeded\"},"
                + "\"dataVersion\":\"2\",\"metadataVersion\":\"1\"}";
    }
}
