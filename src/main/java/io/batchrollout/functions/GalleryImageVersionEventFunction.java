package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;

/**
 * Reacts to Azure Resource Manager events about gallery image versions. The trigger binds the raw JSON of one event so
 * both the Event Grid schema and CloudEvents 1.0 can be read; the host calls this once per event of a delivery.
 */
public class GalleryImageVersionEventFunction {
    public static final String GALLERY_IMAGE_VERSION_EVENT = "galleryImageVersionEvent";

    private static final ObjectMapper JSON = new ObjectMapper();

    @FunctionName(GALLERY_IMAGE_VERSION_EVENT)
    public void galleryImageVersionEvent(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        throw Unimplemented.fail(GALLERY_IMAGE_VERSION_EVENT, context, PlannedIssue.IMAGE_VERSION_EVENT, summary(event));
    }

    /** "event {id} {type} on {subject}" from either schema, for the log line; never the whole body. */
    static String summary(String event) {
        if (event == null || event.isBlank()) {
            return "an empty event";
        }
        try {
            JsonNode node = JSON.readTree(event);
            String type = node.hasNonNull("eventType") ? node.path("eventType").asText() : node.path("type").asText("?");
            return "event " + node.path("id").asText("?") + " " + type + " on " + node.path("subject").asText("?");
        } catch (Exception e) {
            return "an event that is not JSON (" + event.length() + " characters)";
        }
    }
}
