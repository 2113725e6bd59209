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
    void aScriptedDuplicateDeliversThePublicationTwice() throws Exception {
        azure.events().duplicateNext(1);
        azure.events().publish(event("e-4"));
        azure.events().publish(event("e-5"));
        azure.events().awaitDelivered();
        assertEquals(3, received.get());
    }
}
