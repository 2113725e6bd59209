package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.events.GalleryEvents;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.batch.BatchSimulation;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery meets the real reconciler: a hundred duplicate, reordered, concurrent deliveries about one
 * new version roll each tracking pool exactly once, and no running task is lost.
 */
class DuplicateEventsRollOncePerPoolTest {
    static final String WEBHOOK = "/runtime/webhooks/EventGrid?functionName=" + GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT;
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
    void aHundredDuplicateAndReorderedEventsForOneVersionRollEachPoolOnce() throws Exception {
        CreatePoolApi api = new CreatePoolApi(runner);
        for (String pool : List.of("events-a", "events-b")) {
            assertEquals(201, api.post(CreatePoolApi.body(pool, 2)).statusCode());
            runner.sim().batch().addJob(DemoResources.batchAccountId().toString(), pool + "-job", pool);
            for (int t = 0; t < 4; t++) {
                runner.sim().batch().addTask(DemoResources.batchAccountId().toString(), pool + "-job", "task-" + t, Duration.ofMinutes(12));
            }
        }
        runner.sim().advance(Duration.ofMinutes(6));
        runner.sim().gallery().addVersion(DEFINITION.toString(), "1.1.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);
        int before = runner.sim().requests().entries().size();

        deliverConcurrently(hundredDeliveries());
        for (int minute = 0; minute < 60; minute++) {
            runner.sim().advance(Duration.ofMinutes(1));
            AppContext.services().rolloutEngine().reconcileAll();
        }

        List<RequestLog.Entry> writes = runner.sim().requests().entries().subList(before, runner.sim().requests().entries().size())
                .stream().filter(e -> e.isWrite() && e.status() < 300).toList();
        for (String pool : List.of("events-a", "events-b")) {
            Pool rolled = AppContext.clients().pools().get(DemoResources.batchAccountId().pool(pool)).orElseThrow();
            assertTrue(rolled.imageReferenceId().endsWith("/versions/1.1.0"), pool + " is on 1.1.0");
            assertEquals(2, ((ScaleSettings.FixedScale) rolled.scaleSettings()).targetDedicatedNodes(), "capacity restored");
            long imageChanges = writes.stream().filter(e -> e.path().endsWith("/pools/" + pool) && e.query().contains("2024-07-01")).count();
            assertEquals(1, imageChanges, pool + "'s image was changed exactly once: " + writes);
        }
        BatchSimulation.TaskCounters counters = runner.sim().batch().counters();
        assertEquals(0, counters.killed());
        assertEquals(0, counters.requeued());
        assertEquals(8, counters.completed());
    }

    /** 10 copies each of 10 events (the new version, older writes, a delete, CloudEvents), shuffled. */
    private static List<ObjectNode> hundredDeliveries() {
        List<ObjectNode> events = new ArrayList<>();
        String newest = DEFINITION.version("1.1.0").toString();
        for (int copy = 0; copy < 10; copy++) {
            events.add(GalleryEvents.eventGridWrite("write-1.1.0", newest));
            events.add(GalleryEvents.cloudEventWrite("cloud-1.1.0", newest));
            events.add(GalleryEvents.eventGridWrite("write-1.0.0", DEFINITION.version("1.0.0").toString()));
            events.add(GalleryEvents.eventGridDelete("delete-0.9.0", DEFINITION.version("0.9.0").toString()));
            for (int n = 0; n < 6; n++) {
                events.add(GalleryEvents.eventGridWrite("retry-" + n, newest));
            }
        }
        Collections.shuffle(events, new Random(42));
        return events;
    }

    private static void deliverConcurrently(List<ObjectNode> events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (ObjectNode event : events) {
                String body = event.has("specversion") ? event.toString() : GalleryEvents.array(event).toString();
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + WEBHOOK))
                        .header("aeg-event-type", "Notification").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 202 || status == 500, "acknowledged, or refused so Event Grid redelivers: " + status);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
