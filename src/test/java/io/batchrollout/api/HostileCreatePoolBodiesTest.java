package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.RequestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile createPool bodies, sent over HTTP to the local runner on the demo simulator: each is refused
 * with a 4xx application/problem+json, and the simulated Azure sees no request at all, let alone a write.
 */
class HostileCreatePoolBodiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalRunner runner;
    static HttpClient http;
    static List<RequestLog.Entry> before;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        http = HttpClient.newHttpClient();
        before = runner.sim().requests().entries();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static Stream<HostileBodies.Case> cases() {
        return HostileBodies.all().stream();
    }

    @Test
    void thereAreOneHundredCasesWithDistinctNames() {
        List<HostileBodies.Case> all = HostileBodies.all();
        assertEquals(100, all.size());
        assertEquals(100, all.stream().map(HostileBodies.Case::name).distinct().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndNothingReachesAzure(HostileBodies.Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/pools"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }

        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(c.expectedStatus(), response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(c.expectedStatus(), problem.path("status").asInt());
        assertEquals("/api/pools", problem.path("instance").asText());
        assertTrue(response.body().length() < 16 * 1024, "the answer stays small: " + response.body().length());
        if (problem.has("errors")) {
            problem.path("errors").forEach(e -> assertTrue(e.path("pointer").asText().startsWith("#"), e.toString()));
        }
        assertEquals(0, runner.sim().requests().writes(), "no write reached the simulated Azure");
        assertEquals(before, runner.sim().requests().entries(), "no request at all reached the simulated Azure");
    }
}
