package io.batchrollout.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTPS requests to the simulated Azure with its token, to read its answers as JSON rather than through a client. */
final class SimRaw {
    record Answer(int status, JsonNode body) {
    }

    private final SimulatedAzure sim;
    private final HttpClient http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    SimRaw(SimulatedAzure sim) {
        this.sim = sim;
    }

    Answer send(String method, String urlOrPath, JsonNode body) {
        String url = urlOrPath.startsWith("https://") ? urlOrPath : sim.baseUrl() + urlOrPath;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : Examples.JSON.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        }
    }

    /** A GET that must succeed; its JSON body. */
    JsonNode get(String urlOrPath) {
        Answer answer = send("GET", urlOrPath, null);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + urlOrPath + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }
}
