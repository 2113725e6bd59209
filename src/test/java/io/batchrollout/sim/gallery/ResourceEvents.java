package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.SimRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * Azure Resource Manager's events for a resource group system topic, in the Event Grid schema (shape from
 * learn.microsoft.com "Azure resource group as an Event Grid source"): one ResourceWriteSuccess per accepted
 * PUT and one ResourceDeleteSuccess per delete. As in Microsoft's examples, a write event's subject spells
 * {@code resourcegroups} in lower case while the topic spells {@code resourceGroups}: consumers must compare ids
 * case-insensitively. {@code data.httpRequest} is present only for updates and deletes, as documented.
 */
final class ResourceEvents {
    static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";

    /** What happened to which resource, and the request that did it (null for a seeded publication). */
    record Change(String eventType, String resourceId, String subscriptionId, String resourceGroup, String operationName,
                  boolean update, SimRequest request, Instant at) {
    }

    private final EventDelivery delivery;
    private final String tenantId;

    ResourceEvents(EventDelivery delivery, String tenantId) {
        this.delivery = delivery;
        this.tenantId = tenantId;
    }

    /** Called after the state lock is released: delivery never happens inside the write that caused it. */
    void publish(Change change) {
        delivery.publish(eventArray(change));
    }

    JsonNode eventArray(Change change) {
        boolean write = change.eventType().equals(WRITE_SUCCESS);
        String subject = write ? change.resourceId().replace("/resourceGroups/", "/resourcegroups/") : change.resourceId();
        ObjectNode event = GalleryJson.object();
        event.put("subject", subject);
        event.put("eventType", change.eventType());
        event.put("eventTime", change.at().toString());
        event.put("id", UUID.randomUUID().toString());
        ObjectNode data = event.putObject("data");
        ObjectNode authorization = data.putObject("authorization");
        authorization.put("scope", subject);
        authorization.put("action", change.operationName());
        authorization.putObject("evidence")
                .put("role", "Contributor")
                .put("roleAssignmentScope", "/subscriptions/" + change.subscriptionId())
                .put("principalType", "ServicePrincipal");
        data.putObject("claims")
                .put("aud", "https://management.azure.com/")
                .put("iss", "https://sts.windows.net/" + tenantId + "/")
                .put("appid", GallerySimulation.PUBLISHER_APP_ID)
                .put("http://schemas.microsoft.com/identity/claims/tenantid", tenantId)
                .put("ver", "1.0");
        String clientRequestId = change.request() == null ? UUID.randomUUID().toString()
                : change.request().header("x-ms-client-request-id").orElse(UUID.randomUUID().toString());
        data.put("correlationId", UUID.randomUUID().toString());
        if (change.request() != null && (change.update() || !write)) {
            SimRequest request = change.request();
            data.putObject("httpRequest")
                    .put("clientRequestId", clientRequestId)
                    .put("clientIpAddress", "127.0.0.1")
                    .put("method", request.method())
                    .put("url", GalleryRequests.baseUrl(request) + request.path() + "?api-version=" + request.apiVersion());
        }
        data.put("resourceProvider", "Microsoft.Compute");
        data.put("resourceUri", subject);
        data.put("operationName", change.operationName());
        data.put("status", "Succeeded");
        data.put("subscriptionId", change.subscriptionId());
        data.put("tenantId", tenantId);
        event.put("dataVersion", "2");
        event.put("metadataVersion", "1");
        event.put("topic", "/subscriptions/" + change.subscriptionId() + "/resourceGroups/" + change.resourceGroup());
        ArrayNode array = GalleryJson.array();
        array.add(event);
        return array;
    }
}
