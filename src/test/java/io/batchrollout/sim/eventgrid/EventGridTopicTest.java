package io.batchrollout.sim.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.port.RolloutNotifications.Data;
import io.batchrollout.port.RolloutNotifications.Notice;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated Event Grid topic takes CloudEvents 1.0 batches as Azure does, and the app's publisher sends them. */
class EventGridTopicTest {
    private final SimulatedAzure sim = SimulatedAzure.start(0);
    private final String endpoint = sim.addTopic("rollouts");
    private final HttpClient http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    @AfterEach
    void stop() {
        sim.close();
    }

    private static Notice notice(String id, String type) {
        return new Notice(id, "io.batchrollout.rollout." + type, "/subscriptions/s/pools/p", Instant.parse("2026-01-05T09:00:00Z"),
                new Data("render", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a",
                        "/subscriptions/s/.../images/ubuntu", "1.0.0", "1.1.0", "DRAINING", List.of("drain"), null,
                        "/api/pools/render?batchAccountId=a"));
    }

    private int post(String contentType, String body, boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "?api-version=2018-01-01"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            request.header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static final String ONE = "[{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"specversion\":\"1.0\"}]";
    private static final String BATCH = "application/cloudevents-batch+json; charset=utf-8";

    @Test
    void theAppsPublisherSendsOneBatchOfCloudEventsThatTheTopicKeepsInOrder() {
        RolloutNotifications publisher = AzureClients.create(sim.target()).notifications(endpoint);
        publisher.publish(List.of(notice("a", "started"), notice("b", "waiting")));

        List<EventGridSimulation.Received> kept = sim.eventGrid().events("rollouts");
        assertEquals(List.of("io.batchrollout.rollout.started", "io.batchrollout.rollout.waiting"),
                kept.stream().map(EventGridSimulation.Received::type).toList());
        assertEquals("1.0", kept.get(0).event().path("specversion").asText());
        assertEquals("/batch-image-rollout", kept.get(0).event().path("source").asText());
        assertEquals("a", kept.get(0).id());
        assertEquals("1.1.0", kept.get(0).data().path("toVersion").asText());
        assertEquals(1, sim.requests().count(e -> e.operation().equals("PublishCloudEventEvents")), "one call per batch");
    }

    @Test
    void aPublishWithoutABearerTokenIs401AndKeepsNothing() throws Exception {
        assertEquals(401, post(BATCH, ONE, false));
        assertEquals(0, sim.eventGrid().events("rollouts").size());
    }

    @Test
    void aBatchWithAnEventLackingSpecversionIsRefusedWhole() throws Exception {
        String body = "[{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"specversion\":\"1.0\"},"
                + "{\"id\":\"2\",\"source\":\"/x\",\"type\":\"t\"}]";
        assertEquals(400, post(BATCH, body, true));
        assertEquals(400, post(BATCH, ONE.replace("1.0", "0.3"), true));
        assertEquals(0, sim.eventGrid().events("rollouts").size());
    }

    @Test
    void aTimeWithoutSecondsIsNotRfc3339AndIsRefused() throws Exception {
        assertEquals(400, post(BATCH, ONE.replace("\"type\":\"t\"", "\"type\":\"t\",\"time\":\"2026-01-05T09:06Z\""), true));
        assertEquals(200, post(BATCH, ONE.replace("\"type\":\"t\"", "\"type\":\"t\",\"time\":\"2026-01-05T09:06:00Z\""), true));
    }

    @Test
    void theAppsPublisherWritesAWholeMinuteAsRfc3339() {
        RolloutNotifications publisher = AzureClients.create(sim.target()).notifications(endpoint);
        publisher.publish(List.of(notice("a", "started")));
        assertEquals("2026-01-05T09:00:00.001Z", sim.eventGrid().events("rollouts").get(0).event().path("time").asText());
    }

    @Test
    void anotherContentTypeOrAnEmptyBatchIs400() throws Exception {
        assertEquals(400, post("application/json", ONE, true));
        assertEquals(400, post(BATCH, "[]", true));
        assertEquals(200, post(BATCH, ONE, true));
        assertEquals(1, sim.eventGrid().events("rollouts").size());
    }

    @Test
    void aBatchOverOneMegabyteIs413() throws Exception {
        String big = "x".repeat(EventGridSimulation.MAX_BYTES);
        assertEquals(413, post(BATCH, ONE.replace("\"type\":\"t\"", "\"type\":\"t\",\"data\":\"" + big + "\""), true));
        assertEquals(0, sim.eventGrid().events("rollouts").size());
    }

    @Test
    void anUnknownTopicIs404() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/eventgrid/nope/api/events?api-version=2018-01-01"))
                .header("Content-Type", BATCH).header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(ONE)).build();
        assertEquals(404, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void aScriptedFaultMakesThePublishFailAsAnAzureError() {
        sim.faults().serverError("PublishCloudEventEvents", 1);
        RolloutNotifications publisher = AzureClients.create(sim.target()).notifications(endpoint);
        AzureCallException failed = assertThrows(AzureCallException.class, () -> publisher.publish(List.of(notice("a", "started"))));
        assertEquals(500, failed.status());
        assertEquals(1, sim.requests().count(e -> e.operation().equals("PublishCloudEventEvents")), "not retried");
        assertEquals(0, sim.eventGrid().events("rollouts").size());
    }

    @Test
    void theTopicEventsControlListsWhatTheTopicAccepted() throws Exception {
        post(BATCH, ONE, true);
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/topic-events?topic=rollouts"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode());
        var events = new ObjectMapper().readTree(listed.body()).path("events");
        assertEquals(1, events.size());
        assertTrue(events.get(0).path("event").path("id").asText().equals("1"), listed.body());
    }
}
