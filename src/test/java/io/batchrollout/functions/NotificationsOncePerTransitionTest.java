package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.events.GalleryEvents;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.RolloutEngine;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.eventgrid.EventGridSimulation.Received;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app as deployed (settings, functions, the Event Grid publisher) on the local runner: thirty duplicate deliveries
 * of one new version, handled at once, then two timer passes at a time, publish each rollout notification once to
 * the topic NOTIFICATION_TOPIC_ENDPOINT names.
 */
class NotificationsOncePerTransitionTest {
    static final ImageDefinitionId DEFINITION = DemoResources.imageId();
    static LocalRunner runner;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void duplicateDeliveriesAndConcurrentPassesPublishEachTransitionOnce() throws Exception {
        assertTrue(runner.settings().notificationTopicEndpoint().isPresent(), "the runner points at its simulated topic");
        CreatePoolApi api = new CreatePoolApi(runner);
        for (String pool : List.of("told-a", "told-b")) {
            assertEquals(201, api.post(CreatePoolApi.body(pool, 2)).statusCode());
        }
        runner.sim().advance(Duration.ofMinutes(6));
        runner.sim().gallery().addVersion(DEFINITION.toString(), "1.1.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);

        deliverConcurrently(30);
        RolloutEngine engine = AppContext.services().rolloutEngine();
        for (int minute = 0; minute < 60; minute++) {
            runner.sim().advance(Duration.ofMinutes(1));
            CompletableFuture<?> a = CompletableFuture.runAsync(engine::reconcileAll);
            CompletableFuture<?> b = CompletableFuture.runAsync(engine::reconcileAll);
            a.join();
            b.join();
        }

        List<Received> events = runner.sim().eventGrid().events(LocalRunner.NOTIFICATION_TOPIC);
        assertEquals(events.size(), new HashSet<>(events.stream().map(Received::id).toList()).size(), "no id twice");
        assertEquals(List.of("started told-a", "waiting told-b", "gatePassed told-a", "succeeded told-a", "started told-b",
                        "gatePassed told-b", "succeeded told-b"),
                events.stream().map(e -> e.type().substring("io.batchrollout.rollout.".length()) + " "
                        + e.data().path("poolId").asText()).toList());
    }

    private static void deliverConcurrently(int copies) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int copy = 0; copy < copies; copy++) {
                ObjectNode event = GalleryEvents.eventGridWrite("write-1.1.0", DEFINITION.version("1.1.0").toString());
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl()
                                + DuplicateEventsRollOncePerPoolTest.WEBHOOK))
                        .header("aeg-event-type", "Notification").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GalleryEvents.array(event).toString())).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(202, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
