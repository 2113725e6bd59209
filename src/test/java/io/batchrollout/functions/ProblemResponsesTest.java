package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.batchrollout.functions.Problem.InvalidField;
import io.batchrollout.local.LocalHttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalHttpRequest<Optional<String>> request =
            LocalHttpRequest.of(HttpMethod.POST, "http://127.0.0.1:7071/api/pools?dryRun=true", Optional.empty());

    private JsonNode body(HttpResponseMessage response) throws Exception {
        return JSON.readTree((String) response.getBody());
    }

    @Test
    void notImplementedCarriesEveryRfc9457MemberAndTheProblemMediaType() throws Exception {
        HttpResponseMessage response = ProblemResponses.of(request, Problem.notImplemented("createPool is not implemented yet",
                ProblemResponses.instance(request)));

        assertEquals(501, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        JsonNode body = body(response);
        assertEquals(Problem.TYPE_PREFIX + "not-implemented", body.path("type").asText());
        assertEquals("Not implemented", body.path("title").asText());
        assertEquals(501, body.path("status").asInt());
        assertEquals("createPool is not implemented yet", body.path("detail").asText());
        assertEquals("/api/pools", body.path("instance").asText());
        assertFalse(body.has("errors"));
    }

    @Test
    void badRequestListsOneEntryPerInvalidFieldAsJsonPointers() throws Exception {
        Problem problem = Problem.badRequest("2 fields are invalid", "/api/pools", List.of(
                InvalidField.field("vmSize", "is required"),
                InvalidField.field("scaleSettings.targetDedicatedNodes", "must be 0 or more")));

        JsonNode body = body(ProblemResponses.of(request, problem));

        assertEquals(400, body.path("status").asInt());
        assertEquals(2, body.path("errors").size());
        assertEquals("#/vmSize", body.path("errors").path(0).path("pointer").asText());
        assertEquals("#/scaleSettings/targetDedicatedNodes", body.path("errors").path(1).path("pointer").asText());
        assertEquals("must be 0 or more", body.path("errors").path(1).path("detail").asText());
    }

    @Test
    void badRequestAboutFieldsNeedsAtLeastOneField() {
        assertThrows(IllegalArgumentException.class, () -> Problem.badRequest("invalid", "/api/pools", List.of()));
    }

    @Test
    void unavailableSendsRetryAfterInWholeSecondsRoundedUp() {
        HttpResponseMessage response = ProblemResponses.of(request,
                Problem.unavailable("Azure throttled the read", "/api/pools", Duration.ofMillis(12_300)));

        assertEquals(503, response.getStatusCode());
        assertEquals("13", response.getHeader("Retry-After"));
    }

    @Test
    void notFoundConflictAndUnprocessableHaveTheirStatusesAndNoRetryAfter() throws Exception {
        for (Problem problem : List.of(Problem.notFound("no pool p1", "/api/pools/p1"), Problem.conflict("p1 exists", "/api/pools"),
                Problem.unprocessable("Specialized images cannot back a Batch pool", "/api/pools"))) {
            HttpResponseMessage response = ProblemResponses.of(request, problem);
            assertEquals(problem.status(), response.getStatusCode());
            assertEquals(problem.status(), body(response).path("status").asInt());
            assertNull(response.getHeader("Retry-After"));
        }
        assertEquals(List.of(404, 409, 422), List.of(Problem.notFound("", null).status(), Problem.conflict("", null).status(),
                Problem.unprocessable("", null).status()));
    }

    @Test
    void aProblemWithoutInstanceLeavesTheMemberOut() throws Exception {
        JsonNode body = JSON.readTree(ProblemResponses.json(Problem.conflict("taken", null)));
        assertFalse(body.has("instance"));
        assertTrue(body.has("detail"));
    }

    @Test
    void membersThatDoNotBelongToAStatusAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of("x", "X", 404, "d", null,
                List.of(InvalidField.field("a", "b")), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> Problem.of("x", "X", 409, "d", null, List.of(),
                Optional.of(Duration.ofSeconds(1))));
        assertThrows(IllegalArgumentException.class, () -> Problem.of("x", "X", 200, "d", null, List.of(), Optional.empty()));
    }
}
