package io.batchrollout.sim.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Providers_Get's shapes on the wire: what no client of the app shows (error bodies, casing, resource types). */
class ProvidersGetTest {
    static final String BATCH_SUB = "7e6d5c4b-3a29-4180-9f7e-00000000ab01";
    static final String API = "?api-version=2025-04-01";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    static SimulatedAzure sim;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.batch().addAccount(BATCH_SUB, "batch-rg", "shapesbatch", "westeurope", 100, 0);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    record Answer(int status, JsonNode body) {
    }

    private static Answer get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    @Test
    void answerCarriesIdCanonicalNamespaceStateAndResourceTypes() throws Exception {
        Answer answer = get("/subscriptions/" + BATCH_SUB + "/providers/microsoft.batch" + API);

        assertEquals(200, answer.status());
        assertEquals("/subscriptions/" + BATCH_SUB + "/providers/Microsoft.Batch", answer.body().path("id").asText());
        assertEquals("Microsoft.Batch", answer.body().path("namespace").asText());
        assertEquals("Registered", answer.body().path("registrationState").asText());
        assertEquals("RegistrationRequired", answer.body().path("registrationPolicy").asText());
        JsonNode first = answer.body().path("resourceTypes").get(0);
        assertEquals("batchAccounts", first.path("resourceType").asText());
        assertTrue(first.path("locations").size() > 0 && first.path("apiVersions").size() > 0);
    }

    @Test
    void everyKnownNamespaceIsAnsweredInEverySubscriptionRegisteredOrNot() throws Exception {
        String fresh = "7e6d5c4b-3a29-4180-9f7e-00000000ff02";
        assertEquals("NotRegistered", get("/subscriptions/" + fresh + "/providers/Microsoft.Batch" + API)
                .body().path("registrationState").asText());
        sim.resources().setRegistrationState(fresh, "Microsoft.Batch", "Registering");
        assertEquals("Registering", get("/subscriptions/" + fresh + "/providers/Microsoft.Batch" + API)
                .body().path("registrationState").asText());
    }

    @Test
    void unknownNamespaceIsInvalidResourceNamespace() throws Exception {
        Answer answer = get("/subscriptions/" + BATCH_SUB + "/providers/Contoso.Widgets" + API);
        assertEquals(404, answer.status());
        assertEquals("InvalidResourceNamespace", answer.body().path("error").path("code").asText());
        assertEquals("The resource namespace 'Contoso.Widgets' is invalid.", answer.body().path("error").path("message").asText());
    }

    @Test
    void malformedSubscriptionIdIsRefused() throws Exception {
        Answer answer = get("/subscriptions/not-a-guid/providers/Microsoft.Batch" + API);
        assertEquals(400, answer.status());
        assertEquals("InvalidSubscriptionId", answer.body().path("error").path("code").asText());
    }

    @Test
    void apiVersionArmDoesNotServeIsRefused() throws Exception {
        Answer answer = get("/subscriptions/" + BATCH_SUB + "/providers/Microsoft.Batch?api-version=2099-01-01");
        assertEquals(400, answer.status());
        assertEquals("InvalidApiVersionParameter", answer.body().path("error").path("code").asText());
    }

    @Test
    void batchCannotBeUnregisteredWhereBatchAccountsRemain() {
        assertThrows(IllegalStateException.class, () -> sim.resources().unregisterProvider(BATCH_SUB, "Microsoft.Batch"));
        assertEquals("Registered", sim.resources().registrationState(BATCH_SUB, "Microsoft.Batch"));
    }
}
