package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.batchrollout.local.LocalExecutionContext;
import io.batchrollout.local.LocalHttpRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Until its issue lands, driftReport answers 501: never a pretend success. And they do not build the
 * Azure clients (cold start): the test's sources count every attempt. The pool functions are no longer skeletons:
 * PoolHttpTest, GetPoolFunctionTest, ListPoolsFunctionTest and HostileCreatePoolBodiesTest specify them; nor are the
 * event and timer entry points: GalleryImageVersionEventFunctionTest and DriftCheckFunctionTest do.
 */
class FunctionSkeletonsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger contextUse = new AtomicInteger();

    @BeforeEach
    void countAnyUseOfTheObjectGraph() {
        AppContext.reset(() -> {
            contextUse.incrementAndGet();
            throw new AssertionError("a skeleton read the settings");
        }, settings -> {
            contextUse.incrementAndGet();
            throw new AssertionError("a skeleton built the Azure clients");
        });
    }

    @AfterEach
    void backToProductionSources() {
        assertEquals(0, contextUse.get(), "skeletons must not touch AppContext");
        AppContext.reset();
    }

    private static LocalHttpRequest<Optional<String>> request(HttpMethod method, String path, String body) {
        return LocalHttpRequest.of(method, "http://127.0.0.1:7071" + path, Optional.ofNullable(body));
    }

    private static void assertNotImplementedProblem(HttpResponseMessage response, String function, String path,
                                                    LocalExecutionContext context) throws Exception {
        assertEquals(501, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        JsonNode body = JSON.readTree((String) response.getBody());
        assertEquals("Not implemented", body.path("title").asText());
        assertEquals(501, body.path("status").asInt());
        assertEquals(path, body.path("instance").asText());
        assertTrue(body.path("detail").asText().startsWith(function + " is not implemented yet; the issue \""), body.toString());
        assertEquals(1, context.loggedLines().size(), context.loggedLines().toString());
        assertTrue(context.loggedLines().get(0).contains("501"), context.loggedLines().toString());
    }

    @Test
    void driftReportAnswers501NamingItsIssue() throws Exception {
        LocalExecutionContext context = LocalExecutionContext.forTest(DriftReportFunction.DRIFT_REPORT);
        HttpResponseMessage response = new DriftReportFunction().driftReport(request(HttpMethod.GET, "/api/drift", null), context);
        assertNotImplementedProblem(response, DriftReportFunction.DRIFT_REPORT, "/api/drift", context);
    }
}
