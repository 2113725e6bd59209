package io.batchrollout.functions;

import static io.batchrollout.core.events.GalleryEvents.array;
import static io.batchrollout.core.events.GalleryEvents.cloudEventWrite;
import static io.batchrollout.core.events.GalleryEvents.eventGrid;
import static io.batchrollout.core.events.GalleryEvents.eventGridDelete;
import static io.batchrollout.core.events.GalleryEvents.eventGridWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.events.GalleryEvents;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.PassReport;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.InvocationLog;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * galleryImageVersionEvent through the local runner's Event Grid webhook, as the host would call it, on the demo seed,
 * with a recording rollout engine: which passes the events start, and what the webhook answers Event Grid.
 */
class GalleryImageVersionEventFunctionTest {
    private static final String WEBHOOK = "/runtime/webhooks/EventGrid?functionName=" + GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT;
    private static final ImageDefinitionId DEFINITION = DemoResources.imageId();
    private static final String VERSION = DEFINITION.version("1.1.0").toString();

    private static EngineWiredRunner app;
    private static RecordingRolloutEngine engine;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        app = new EngineWiredRunner();
        engine = app.engine;
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void freshEngine() {
        engine.reset();
    }

    private static HttpResponse<String> deliver(Object events) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.runner.baseUrl() + WEBHOOK))
                .header("aeg-event-type", "Notification").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<InvocationLog.Invocation> invocations() {
        return app.runner.invocations().of(GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT);
    }

    private static InvocationLog.Invocation lastInvocation() {
        List<InvocationLog.Invocation> all = invocations();
        return all.get(all.size() - 1);
    }

    @Test
    void aVersionWriteRunsOnePassForItsDefinitionAndLogsEachDecision() throws Exception {
        engine.answerWith(new PassReport(List.of(
                new PassReport.PoolDecision(DemoResources.batchAccountId().pool("render"), "DRAINING", "1.1.0", "drain", "new version"),
                new PassReport.PoolDecision(DemoResources.batchAccountId().pool("pinned"), "STEADY", "1.0.0", "none", "pinned"))));

        HttpResponse<String> response = deliver(array(eventGridWrite("w-1", VERSION)));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of(DEFINITION), engine.trackingPasses());
        assertEquals(0, engine.allPasses());
        InvocationLog.Invocation call = lastInvocation();
        assertEquals(InvocationLog.Result.SUCCEEDED, call.result());
        // Issue 8: pool lines lead with key=value fields, and the pass ends with its summary line.
        assertEquals(4, call.loggedLines().size(), call.loggedLines().toString());
        assertTrue(call.loggedLines().get(0).contains("event w-1: version 1.1.0 of " + DEFINITION), call.loggedLines().get(0));
        assertEquals("INFO pool=render account=demobatch phase=DRAINING version=1.1.0 step=drain | pool render: phase "
                + "DRAINING, version 1.1.0, step drain: new version", call.loggedLines().get(1));
        assertEquals("INFO pool=pinned account=demobatch phase=STEADY version=1.0.0 step=none | pool pinned: phase STEADY, "
                + "version 1.0.0, step none: pinned", call.loggedLines().get(2));
        assertTrue(call.loggedLines().get(3).startsWith("INFO pass summary: seen=2 "), call.loggedLines().get(3));
    }

    /**
     * Event Grid delivers at least once and in no particular order, and ARM raises a write event for every PUT or PATCH
     * of the version. Every delivery runs a pass for the same definition and nothing else; exactly one rollout per pool
     * follows from the pass being idempotent (it decides from what Azure holds, records progress on the pool with its
     * ETag, and a pool mid-rollout is not started again), which the reconciler's own tests specify.
     */
    @Test
    void aHundredDuplicateAndReorderedDeliveriesForOneVersionEachRunAPassForTheSameDefinition() throws Exception {
        List<ObjectNode> events = new ArrayList<>();
        for (int write = 0; write < 10; write++) {
            ObjectNode event = write % 2 == 0 ? eventGridWrite("write-" + write, VERSION) : cloudEventWrite("write-" + write, VERSION);
            for (int copy = 0; copy < 10; copy++) {
                events.add(event);
            }
        }
        Collections.shuffle(events, new Random(4));
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (ObjectNode event : events) {
                answers.add(senders.submit(() -> deliver(array(event))));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertEquals(202, answer.get().statusCode(), answer.get().body());
            }
        } finally {
            senders.shutdownNow();
        }

        assertEquals(100, engine.trackingPasses().size());
        assertEquals(List.of(DEFINITION), engine.trackingPasses().stream().distinct().toList());
        assertEquals(0, engine.allPasses());
    }

    @Test
    void eventsThisAppDoesNotActOnAreAcknowledgedWithoutAPass() throws Exception {
        String otherGallery = VERSION.replace("/galleries/" + DemoResources.GALLERY + "/", "/galleries/othergallery/");
        List<ObjectNode> events = List.of(
                eventGridWrite("i-1", otherGallery),
                eventGridDelete("i-2", VERSION),
                eventGrid("i-3", GalleryEvents.WRITE_SUCCESS, DEFINITION.toString(), "Microsoft.Compute/galleries/images/write"),
                eventGrid("i-4", "Microsoft.Resources.ResourceWriteFailure", VERSION, GalleryEvents.VERSION_WRITE));
        int before = invocations().size();

        for (ObjectNode event : events) {
            HttpResponse<String> response = deliver(array(event));

            assertEquals(202, response.statusCode(), response.body());
            assertTrue(lastInvocation().loggedLines().get(0).startsWith("INFO ignored: event " + event.get("id").asText()),
                    lastInvocation().loggedLines().toString());
        }

        assertEquals(before + events.size(), invocations().size());
        assertEquals(List.of(), engine.trackingPasses());
    }

    @Test
    void aCloudEventWriteRunsAPassLikeTheEventGridOne() throws Exception {
        HttpResponse<String> response = deliver(cloudEventWrite("c-1", VERSION.replace("/resourceGroups/", "/RESOURCEGROUPS/")));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of(DEFINITION), engine.trackingPasses());
    }

    /** Retrying the same bytes cannot help, so a malformed event is acknowledged (2xx), logged as a warning and dropped. */
    @Test
    void malformedEventsAreAcknowledgedLoggedAndNeverReachTheEngine() throws Exception {
        ObjectNode notAVersion = eventGrid("m-1", GalleryEvents.WRITE_SUCCESS, DEFINITION.toString(), GalleryEvents.VERSION_WRITE);
        ObjectNode noData = eventGridWrite("m-2", VERSION);
        noData.remove("data");
        ObjectNode oldCloudEvent = cloudEventWrite("m-3", VERSION);
        oldCloudEvent.put("specversion", "0.3");
        List<String> bodies = List.of("[{}]", "[42]", "[\"text\"]", "[{\"eventType\":5}]", "[[]]", array(notAVersion).toString(),
                array(noData).toString(), oldCloudEvent.toString(), "[{\"id\":\"" + "x".repeat(200_000) + "\",\"eventType\":\"\"}]");

        for (String body : bodies) {
            int before = invocations().size();

            HttpResponse<String> response = deliver(body);

            assertEquals(202, response.statusCode(), response.body());
            assertEquals(before + 1, invocations().size(), body);
            InvocationLog.Invocation call = lastInvocation();
            assertEquals(InvocationLog.Result.SUCCEEDED, call.result());
            assertTrue(call.loggedLines().get(0).startsWith("WARNING dropped a malformed event: "), call.loggedLines().toString());
            assertTrue(call.loggedLines().get(0).length() < 1_000, "a log line of " + call.loggedLines().get(0).length());
        }
        assertEquals(List.of(), engine.trackingPasses());
    }

    /** The host's webhook refuses a body that is not JSON before any function runs; the engine never hears of it. */
    @Test
    void aBodyThatIsNotJsonIsRefusedByTheWebhookWithoutCallingTheFunction() throws Exception {
        int before = invocations().size();

        HttpResponse<String> response = deliver("not json");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals(before, invocations().size());
        assertEquals(List.of(), engine.trackingPasses());
    }

    @Test
    void aDeliveryWhoseEventIsItselfAOneElementArrayStillActs() throws Exception {
        HttpResponse<String> response = deliver("[" + array(eventGridWrite("n-1", VERSION)) + "]");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of(DEFINITION), engine.trackingPasses());
    }

    /** Throttled after the pipeline's retries: the function fails, the host answers 500, Event Grid redelivers later. */
    @Test
    void aThrottledPassFailsTheDeliverySoEventGridRedeliversAndThePassRunsAgain() throws Exception {
        engine.failNext(new AzureCallException.Throttled(429, "TooManyRequests", "throttled", Duration.ofSeconds(20), null));
        EventDelivery events = app.runner.sim().events();
        int delivered = events.delivered().size();

        events.publish(array(eventGridWrite("t-1", VERSION)));
        events.awaitDelivered();

        assertEquals(500, events.delivered().get(delivered).status());
        assertEquals(InvocationLog.Result.FAILED, lastInvocation().result());
        assertEquals(1, events.retriesPending());

        app.runner.sim().advance(Duration.ofSeconds(10));
        events.awaitDelivered();

        assertEquals(202, events.delivered().get(delivered + 1).status());
        assertEquals(2, events.delivered().get(delivered + 1).attempt());
        assertEquals(List.of(DEFINITION, DEFINITION), engine.trackingPasses());
        assertEquals(0, events.retriesPending());
    }

    /** The simulator's own path: a publisher's version write raises ARM's event, Event Grid delivers it, a pass runs. */
    @Test
    void publishingAVersionInTheSimulatedGalleryRunsAPassForItsDefinitionEndToEnd() throws Exception {
        EventDelivery events = app.runner.sim().events();
        int delivered = events.delivered().size();
        events.duplicateNext(1);

        String version = app.runner.sim().gallery().publishVersion(DEFINITION.toString(), "1.2.0",
                List.of(new SimTargetRegion("West Europe", 1, false)));
        events.awaitDelivered();

        assertTrue(version.endsWith("/versions/1.2.0"), version);
        List<EventDelivery.Delivered> answers = events.delivered().subList(delivered, events.delivered().size());
        assertEquals(List.of(202, 202), answers.stream().map(EventDelivery.Delivered::status).toList());
        assertEquals(List.of(DEFINITION, DEFINITION), engine.trackingPasses());
    }
}
