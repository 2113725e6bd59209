package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimServerTest {
    static SimulatedAzure azure;
    static HttpClient http;

    @BeforeAll
    static void start() {
        azure = SimulatedAzure.start(0);
        http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestWithoutBearerTokenIsRefusedWithAzureErrorShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + "/subscriptions/x?api-version=1")));
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"AuthenticationFailed\""), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void unknownResourceTypeIs404WithErrorShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + "/subscriptions/x/nothing?api-version=1"))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN));
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"error\":{\"code\":\"InvalidResourceType\""), response.body());
    }

    @Test
    void advanceControlMovesTheSimulatedClock() throws Exception {
        var before = azure.clock().now();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + "/_sim/advance?seconds=90"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(before.plus(Duration.ofSeconds(90)), azure.clock().now());
    }

    @Test
    void theAppsClientsReuseOneConnectionForRequestAfterRequest() {
        azure.gallery().addGallery("00000000-0000-0000-0000-00000000c0de", "conn-rg", "conngallery", "westeurope");
        var clients = io.batchrollout.azure.AzureClients.create(azure.target());
        var definition = io.batchrollout.core.model.GalleryId.parse("/subscriptions/00000000-0000-0000-0000-00000000c0de"
                + "/resourceGroups/conn-rg/providers/Microsoft.Compute/galleries/conngallery").image("absent");
        long before = azure.connectionsAccepted();

        for (int i = 0; i < 20; i++) {
            assertTrue(clients.gallery().imageDefinition(definition).isEmpty());
        }

        assertEquals(1, azure.connectionsAccepted() - before, "one TLS handshake, not one per request");
    }

    @Test
    void advanceControlRefusesWhatIsNotAWholeNumberOfSecondsAndLeavesTheClock() throws Exception {
        var before = azure.clock().now();
        for (String seconds : new String[] {"abc", "-5", "1.5", ""}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + "/_sim/advance?seconds=" + seconds))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("\"field\":\"seconds\""), response.body());
        }
        assertEquals(before, azure.clock().now());
    }
}
