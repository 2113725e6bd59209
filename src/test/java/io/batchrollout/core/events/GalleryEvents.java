package io.batchrollout.core.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Events as Azure Resource Manager's system topic sends them (shape from learn.microsoft.com "Azure resource group as
 * an Event Grid source", as the simulator's ResourceEvents builds them): the subject spells {@code resourcegroups} in
 * lower case, {@code data.resourceUri} repeats it. Tests mutate the nodes to make the odd ones.
 */
public final class GalleryEvents {
    public static final String WRITE_SUCCESS = GalleryEventParser.RESOURCE_WRITE_SUCCESS;
    public static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";
    public static final String VERSION_WRITE = GalleryEventParser.VERSION_WRITE;
    public static final String VERSION_DELETE = "Microsoft.Compute/galleries/images/versions/delete";
    public static final ObjectMapper JSON = new ObjectMapper();

    private GalleryEvents() {
    }

    /** A ResourceWriteSuccess for a version, Event Grid schema. */
    public static ObjectNode eventGridWrite(String eventId, String versionId) {
        return eventGrid(eventId, WRITE_SUCCESS, versionId, VERSION_WRITE);
    }

    public static ObjectNode eventGridDelete(String eventId, String versionId) {
        return eventGrid(eventId, DELETE_SUCCESS, versionId, VERSION_DELETE);
    }

    public static ObjectNode eventGrid(String eventId, String eventType, String resourceId, String operationName) {
        String subject = resourceId.replace("/resourceGroups/", "/resourcegroups/");
        ObjectNode event = JSON.createObjectNode();
        event.put("subject", subject);
        event.put("eventType", eventType);
        event.put("eventTime", "2026-01-05T09:00:00.1234567Z");
        event.put("id", eventId);
        data(event.putObject("data"), subject, operationName);
        event.put("dataVersion", "2");
        event.put("metadataVersion", "1");
        event.put("topic", subject.substring(0, subject.indexOf("/providers/")));
        return event;
    }

    /** The same write as a CloudEvent 1.0 (what a subscription with the CloudEvents schema delivers). */
    public static ObjectNode cloudEventWrite(String eventId, String versionId) {
        String subject = versionId.replace("/resourceGroups/", "/resourcegroups/");
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", subject.substring(0, subject.indexOf("/providers/")));
        event.put("subject", subject);
        event.put("type", WRITE_SUCCESS);
        event.put("time", "2026-01-05T09:00:00Z");
        data(event.putObject("data"), subject, VERSION_WRITE);
        return event;
    }

    public static ArrayNode array(ObjectNode... events) {
        ArrayNode array = JSON.createArrayNode();
        for (ObjectNode event : events) {
            array.add(event);
        }
        return array;
    }

    private static void data(ObjectNode data, String subject, String operationName) {
        data.putObject("authorization").put("scope", subject).put("action", operationName)
                .putObject("evidence").put("role", "Contributor");
        data.putObject("claims").put("aud", "https://management.azure.com/").put("ver", "1.0");
        data.put("correlationId", "7995ecce-39d4-4851-b9d7-a7ef87a06bf5");
        data.put("resourceProvider", "Microsoft.Compute");
        data.put("resourceUri", subject);
        data.put("operationName", operationName);
        data.put("status", "Succeeded");
        data.put("subscriptionId", subject.split("/")[2]);
        data.put("tenantId", "5e1a7ed0-7e4a-4b1d-9c3e-000000000001");
    }
}
