package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders stored gallery resources as ARM answers them at api-version 2024-03-03 (shapes from the REST spec's
 * Gallery_Get, GalleryImage_Get and GalleryImageVersion_Get_WithReplicationStatus examples). Resource
 * {@code location}, target regions and replication summary all use display names ("West US"), as those examples do.
 */
final class GalleryJson {
    private GalleryJson() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static ObjectNode gallery(GalleryResource gallery) {
        ObjectNode json = envelope(gallery.id(), gallery.name, GalleryResource.TYPE, gallery.location, gallery.tags);
        ObjectNode properties = json.putObject("properties");
        if (gallery.description != null) {
            properties.put("description", gallery.description);
        }
        properties.putObject("identifier").put("uniqueName", gallery.uniqueName());
        properties.put("provisioningState", gallery.provisioningState);
        return json;
    }

    static ObjectNode definition(ImageDefinitionResource definition) {
        ObjectNode json = envelope(definition.id(), definition.name, ImageDefinitionResource.TYPE,
                definition.gallery.location, definition.tags);
        ObjectNode properties = json.putObject("properties");
        if (definition.description != null) {
            properties.put("description", definition.description);
        }
        properties.put("osType", definition.osType);
        properties.put("osState", definition.osState);
        properties.put("hyperVGeneration", definition.hyperVGeneration);
        if (definition.endOfLifeDate != null) {
            properties.put("endOfLifeDate", definition.endOfLifeDate.toString());
        }
        properties.putObject("identifier")
                .put("publisher", definition.identifier.publisher())
                .put("offer", definition.identifier.offer())
                .put("sku", definition.identifier.sku());
        if (!definition.features.isEmpty()) {
            ArrayNode features = properties.putArray("features");
            definition.features.forEach(f -> features.addObject().put("name", f.name()).put("value", f.value()));
        }
        properties.put("provisioningState", definition.provisioningState);
        return json;
    }

    /** {@code provisioningState} overrides the stored one (a write's own answer says Creating or Updating). */
    static ObjectNode version(ImageVersionResource version, boolean withReplicationStatus, String provisioningState) {
        ObjectNode json = envelope(version.id(), version.name, ImageVersionResource.TYPE, version.location, version.tags);
        ObjectNode properties = json.putObject("properties");
        ObjectNode publishing = properties.putObject("publishingProfile");
        ArrayNode targets = publishing.putArray("targetRegions");
        for (RegionReplica region : version.regions) {
            targets.addObject()
                    .put("name", region.region.displayName())
                    .put("regionalReplicaCount", region.regionalReplicaCount)
                    .put("storageAccountType", region.storageAccountType)
                    .put("excludeFromLatest", region.excludeFromLatest);
        }
        publishing.put("replicaCount", version.replicaCount);
        publishing.put("excludeFromLatest", version.excludeFromLatest);
        publishing.put("publishedDate", version.publishedDate.toString());
        if (version.endOfLifeDate != null) {
            publishing.put("endOfLifeDate", version.endOfLifeDate.toString());
        }
        publishing.put("storageAccountType", version.storageAccountType);
        properties.set("storageProfile", version.storageProfile.deepCopy());
        // Always present, as in every GalleryRP 2024-03-03 example of a version: the publisher's settings and what
        // the service reports; policyViolations only once the version has been reported.
        ObjectNode safety = properties.putObject("safetyProfile")
                .put("allowDeletionOfReplicatedLocations", version.safety.allowDeletionOfReplicatedLocations());
        if (version.safety.blockDeletionBeforeEndOfLife() != null) {
            safety.put("blockDeletionBeforeEndOfLife", version.safety.blockDeletionBeforeEndOfLife());
        }
        safety.put("reportedForPolicyViolation", !version.policyViolations.isEmpty());
        if (!version.policyViolations.isEmpty()) {
            ArrayNode violations = safety.putArray("policyViolations");
            version.policyViolations.forEach(v -> violations.addObject().put("category", v.category()).put("details", v.details()));
        }
        if (withReplicationStatus) {
            ObjectNode status = properties.putObject("replicationStatus");
            status.put("aggregatedState", version.aggregatedState());
            ArrayNode summary = status.putArray("summary");
            for (RegionReplica region : version.regions) {
                summary.addObject()
                        .put("region", region.region.displayName())
                        .put("state", region.state.wire)
                        .put("details", region.details)
                        .put("progress", region.progress);
            }
        }
        properties.put("provisioningState", provisioningState == null ? version.provisioningState : provisioningState);
        return json;
    }

    static ObjectNode page(Iterable<ObjectNode> values, String nextLink) {
        ObjectNode page = object();
        ArrayNode array = page.putArray("value");
        values.forEach(array::add);
        if (nextLink != null) {
            page.put("nextLink", nextLink);
        }
        return page;
    }

    private static ObjectNode envelope(String id, String name, String type, Regions.Region location, JsonNode tags) {
        ObjectNode json = object();
        json.put("id", id);
        json.put("name", name);
        json.put("type", type);
        json.put("location", location.displayName());
        if (tags != null && tags.isObject() && !tags.isEmpty()) {
            json.set("tags", tags.deepCopy());
        }
        return json;
    }
}
