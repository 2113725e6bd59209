package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.functions.EngineWiredRunner;
import io.batchrollout.functions.GalleryImageVersionEventFunction;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.InvocationLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Learn's ResourceWriteSuccess samples ("Azure resource group as an Event Grid source"), in the Event Grid
 * and the CloudEvents schema, delivered to galleryImageVersionEvent through the local runner's webhook with a recording
 * engine. As published they announce a storage account write: acknowledged, no pass. With the subject, resourceUri and
 * operationName of a gallery image version write they start one pass for that version's definition.
 */
class EventGridSamplesTest {
    static final String WEBHOOK = "/runtime/webhooks/EventGrid?functionName=" + GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT;
    static final ImageDefinitionId DEFINITION = DemoResources.imageId();
    static final String VERSION = DEFINITION.version("1.1.0").toString();
    static final String VERSION_WRITE = "Microsoft.Compute/galleries/images/versions/write";

    static EngineWiredRunner app;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = new EngineWiredRunner();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void freshEngine() {
        app.engine.reset();
    }

    private static HttpResponse<String> deliver(JsonNode events) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.runner.baseUrl() + WEBHOOK))
                .header("aeg-event-type", "Notification").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(events.toString())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The sample with a gallery version's id and write operation where the sample names its storage account. */
    private static JsonNode aboutTheVersion(String sample) {
        JsonNode events = Examples.file("eventgrid/" + sample);
        ObjectNode event = (ObjectNode) events.get(0);
        event.put("subject", VERSION);
        ((ObjectNode) event.get("data")).put("resourceUri", VERSION).put("operationName", VERSION_WRITE);
        return events;
    }

    private static InvocationLog.Invocation lastInvocation() {
        List<InvocationLog.Invocation> all = app.runner.invocations().of(GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT);
        return all.get(all.size() - 1);
    }

    @Test
    void theEventGridSchemaSampleAboutAGalleryVersionStartsOnePassForItsDefinition() throws Exception {
        HttpResponse<String> response = deliver(aboutTheVersion("ResourceWriteSuccess.eventgrid.json"));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of(DEFINITION), app.engine.trackingPasses());
        assertEquals(0, app.engine.allPasses());
    }

    @Test
    void theCloudEventsSampleAboutAGalleryVersionStartsOnePassForItsDefinition() throws Exception {
        HttpResponse<String> response = deliver(aboutTheVersion("ResourceWriteSuccess.cloudevents.json"));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of(DEFINITION), app.engine.trackingPasses());
        assertEquals(0, app.engine.allPasses());
    }

    @Test
    void bothSamplesAsPublishedAreAcknowledgedAndIgnored() throws Exception {
        for (String sample : List.of("ResourceWriteSuccess.eventgrid.json", "ResourceWriteSuccess.cloudevents.json")) {
            HttpResponse<String> response = deliver(Examples.file("eventgrid/" + sample));

            assertEquals(202, response.statusCode(), sample + ": " + response.body());
            assertTrue(lastInvocation().loggedLines().get(0).startsWith("INFO ignored: event 4db48cba-50a2-455a-93b4-de41a3b5b7f6"),
                    sample + ": " + lastInvocation().loggedLines());
        }
        assertEquals(List.of(), app.engine.trackingPasses());
        assertEquals(0, app.engine.allPasses());
    }
}
