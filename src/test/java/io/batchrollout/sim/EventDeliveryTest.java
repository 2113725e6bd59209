package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's Event Grid: at-least-once delivery with Event Grid's retry schedule, in simulated time. */
class EventDeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    SimulatedAzure azure;
    HttpServer webhook;
    final List<Integer> answers = new ArrayList<>();
    final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        azure = SimulatedAzure.start(0);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.remove(0);
            }
            received.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();
        azure.events().setWebhook(URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"));
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
        azure.close();
    }

    private static JsonNode event(String id) throws Exception {
        return JSON.readTree("[{\"id\":\"" + id + "\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\"}]");
    }

    @Test
    void aFailedDeliveryIsRetriedOnEventGridsScheduleInSimulatedTime() throws Exception {
        answers.addAll(List.of(500, 503));
        azure.events().publish(event("e-1"));
        azure.events().awaitDelivered();
        assertEquals(1, received.get());

        azure.advance(Duration.ofSeconds(9));
        azure.events().awaitDelivered();
        assertEquals(1, received.get(), "the first retry waits 10 seconds");

        azure.advance(Duration.ofSeconds(1));
        azure.events().awaitDelivered();
        assertEquals(2, received.get());

        azure.advance(Duration.ofSeconds(30));
        azure.events().awaitDelivered();
        assertEquals(3, received.get(), "the second retry waits 30 seconds and succeeds");
        assertEquals(0, azure.events().retriesPending());
        assertEquals(List.of(500, 503, 200), azure.events().delivered().stream().map(EventDelivery.Delivered::status).toList());
    }

    @Test
    void badRequestIsDeadLetteredWithoutRetry() throws Exception {
        answers.add(400);
        azure.events().publish(event("e-2"));
        azure.events().awaitDelivered();
        azure.advance(Duration.ofHours(1));
        azure.events().awaitDelivered();
        assertEquals(1, received.get());
        assertEquals(1, azure.events().deadLettered().size());
    }

    @Test
    void aDeliveryStillFailingAfterADayIsDeadLettered() throws Exception {
        for (int i = 0; i < 40; i++) {
            answers.add(500);
        }
        azure.events().publish(event("e-3"));
        azure.events().awaitDelivered();
        for (int hour = 0; hour < 26; hour++) {
            azure.advance(Duration.ofMinutes(30));
            azure.events().awaitDelivered();
            azure.advance(Duration.ofMinutes(30));
            azure.events().awaitDelivered();
        }
        assertEquals(1, azure.events().deadLettered().size());
        assertEquals(0, azure.events().retriesPending());
    }

    @Test
    void aDeliveryThatKeepsFailingIsTriedOnEventGridsWholeScheduleThenDeadLetteredAfterADay() throws Exception {
        for (int i = 0; i < 40; i++) {
            answers.add(503);
        }
        azure.events().publish(event("e-6"));
        azure.events().awaitDelivered();
        List<Duration> waits = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
                Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12));
        for (Duration wait : waits) {
            int before = received.get();
            azure.advance(wait.minusSeconds(1));
            azure.events().awaitDelivered();
            assertEquals(before, received.get(), "not before " + wait);
            azure.advance(Duration.ofSeconds(1));
            azure.events().awaitDelivered();
            assertEquals(before + 1, received.get(), "retried after " + wait);
        }
        // The next 12-hour wait would end 34 h 46 min 40 s after the first try: past Event Grid's 24 hours.
        assertEquals(0, azure.events().retriesPending());
        assertEquals(1, azure.events().deadLettered().size());
        azure.advance(Duration.ofHours(13));
        azure.events().awaitDelivered();
        assertEquals(11, received.get(), "the first try and 10 retries");
        List<EventDelivery.Delivered> tries = azure.events().delivered();
        assertEquals(Duration.ofSeconds(22 * 3600 + 46 * 60 + 40), Duration.between(tries.get(0).at(), tries.get(10).at()));
    }

    @Test
    void unauthorizedForbiddenAndTooLargeAreDeadLetteredWithoutRetryLikeBadRequest() throws Exception {
        answers.addAll(List.of(401, 403, 413));
        azure.events().publish(event("e-7"));
        azure.events().publish(event("e-8"));
        azure.events().publish(event("e-9"));
        azure.events().awaitDelivered();
        azure.advance(Duration.ofHours(1));
        azure.events().awaitDelivered();
        assertEquals(3, received.get());
        assertEquals(3, azure.events().deadLettered().size());
        assertEquals(0, azure.events().retriesPending());
    }

    @Test
    void aScriptedDuplicateDeliversThePublicationTwice() throws Exception {
        azure.events().duplicateNext(1);
        azure.events().publish(event("e-4"));
        azure.events().publish(event("e-5"));
        azure.events().awaitDelivered();
        assertEquals(3, received.get());
    }
}
