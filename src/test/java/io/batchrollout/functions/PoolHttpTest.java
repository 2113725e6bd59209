package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.batchrollout.config.Settings;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalExecutionContext;
import io.batchrollout.local.LocalHttpRequest;
import io.batchrollout.port.AzureCallException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool functions' HTTP mapping, called directly: refused bodies never build the Azure clients (cold start). */
class PoolHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final AtomicInteger clientBuilds = new AtomicInteger();

    @BeforeEach
    void settingsOnlyNoClients() {
        AppContext.reset(() -> Settings.from(DemoResources.appSettings()), settings -> {
            clientBuilds.incrementAndGet();
            throw new AssertionError("createPool built the Azure clients for a body it refuses");
        });
    }

    @AfterEach
    void backToProductionSources() {
        assertEquals(0, clientBuilds.get());
        AppContext.reset();
    }

    static LocalHttpRequest<Optional<String>> post(Map<String, String> headers, String body) {
        URI uri = URI.create("http://127.0.0.1:7071/api/pools");
        return new LocalHttpRequest<>(uri, HttpMethod.POST, headers, Map.of(), Optional.ofNullable(body));
    }

    static JsonNode problem(HttpResponseMessage response, int status) throws Exception {
        assertEquals(status, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        return JSON.readTree((String) response.getBody());
    }

    HttpResponseMessage createPool(Map<String, String> headers, String body) {
        return new PoolFunctions().createPool(post(headers, body), LocalExecutionContext.forTest(PoolFunctions.CREATE_POOL));
    }

    @Test
    void invalidFieldsAre400WithOnePointerPerField() throws Exception {
        JsonNode body = problem(createPool(Map.of("Content-Type", "application/json"), "{\"poolId\":\"a b\",\"x\":1}"), 400);
        assertEquals(6, body.path("errors").size(), body.toString());
        assertEquals("#/x", body.path("errors").path(0).path("pointer").asText());
        assertTrue(body.path("detail").asText().startsWith("6 fields"), body.toString());
    }

    @Test
    void theContentTypeHeaderIsFoundWhateverTheCaseOfItsName() throws Exception {
        problem(createPool(Map.of("CONTENT-TYPE", "Application/Json; Charset=UTF-8"), "{}"), 400);
        problem(createPool(Map.of(), "{}"), 415);
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        JsonNode body = problem(createPool(Map.of("content-type", "application/json"), "[" + " ".repeat(70_000) + "]"), 413);
        assertEquals("Content too large", body.path("title").asText());
    }

    @Test
    void throttlingKeepsAzuresRetryAfterWithAFloorAndADefault() {
        assertEquals(Duration.ofSeconds(7), PoolHttp.retryAfter(throttled(Duration.ofSeconds(7))));
        assertEquals(Duration.ofSeconds(1), PoolHttp.retryAfter(throttled(Duration.ZERO)));
        assertEquals(PoolHttp.DEFAULT_RETRY_AFTER, PoolHttp.retryAfter(throttled(null)));
    }

    @Test
    void throttledCallsAre503AndOtherRefusals502NamingAzuresCode() throws Exception {
        LocalHttpRequest<Optional<String>> request = post(Map.of(), null);
        LocalExecutionContext context = LocalExecutionContext.forTest(PoolFunctions.GET_POOL);

        HttpResponseMessage throttled = PoolHttp.azure(request, context, throttled(Duration.ofSeconds(7)));
        problem(throttled, 503);
        assertEquals("7", throttled.getHeader("Retry-After"));

        JsonNode failed = problem(PoolHttp.azure(request, context,
                new AzureCallException.Failed(403, "AuthorizationFailed", "read pool: no role", null)), 502);
        assertTrue(failed.path("detail").asText().contains("AuthorizationFailed (HTTP 403)"), failed.toString());
    }

    static AzureCallException.Throttled throttled(Duration retryAfter) {
        return new AzureCallException.Throttled(429, "TooManyRequests", "throttled", retryAfter, null);
    }
}
