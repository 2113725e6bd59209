package io.batchrollout.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.port.GalleryWrites;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GalleryImageVersionUpdate body of a version update, built from the version's JSON as Azure returned it right
 * before. Whether a PATCH merges a nested object or replaces it is not documented, so the whole publishingProfile goes
 * back as read (minus the read-only publishedDate), each kept region with every field the update does not name
 * (encryption, additionalReplicaSets and members this app does not know). storageProfile is required by the
 * definition; it goes empty, as in Microsoft's "Update ... without source id" example: the source cannot change.
 */
final class VersionUpdateBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionUpdateBody() {
    }

    static JsonNode read(ImageVersionId id, String versionJson) {
        try {
            JsonNode node = JSON.readTree(versionJson);
            if (!node.isObject()) {
                throw new IllegalStateException("image version " + id + ": Azure answered " + node.getNodeType());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("image version " + id + ": unreadable answer", e);
        }
    }

    static String of(JsonNode current, GalleryWrites.VersionUpdate update) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        JsonNode readProfile = current.path("properties").path("publishingProfile");
        ObjectNode publishing = readProfile.isObject() ? ((ObjectNode) readProfile).deepCopy() : JSON.createObjectNode();
        publishing.remove("publishedDate");
        update.targetRegions().ifPresent(targets -> publishing.set("targetRegions", regions(readProfile.path("targetRegions"), targets)));
        update.excludeFromLatest().ifPresent(exclude -> publishing.put("excludeFromLatest", exclude));
        properties.set("publishingProfile", publishing);
        properties.putObject("storageProfile");
        if (!update.tagsToSet().isEmpty()) {
            Map<String, String> tags = new TreeMap<>();
            JsonNode readTags = current.path("tags");
            for (Iterator<Map.Entry<String, JsonNode>> it = readTags.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                tags.put(tag.getKey(), tag.getValue().asText());
            }
            tags.putAll(update.tagsToSet());
            ObjectNode tagJson = body.putObject("tags");
            tags.forEach(tagJson::put);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode regions(JsonNode read, java.util.List<GalleryWrites.TargetRegion> targets) {
        ArrayNode regions = JSON.createArrayNode();
        for (GalleryWrites.TargetRegion target : targets) {
            ObjectNode region = JSON.createObjectNode();
            for (JsonNode existing : read) {
                if (RegionName.same(existing.path("name").asText(""), target.name())) {
                    region = ((ObjectNode) existing).deepCopy();
                    break;
                }
            }
            if (!region.has("name")) {
                region.put("name", target.name());
            }
            region.put("regionalReplicaCount", target.regionalReplicaCount());
            ObjectNode into = region;
            target.storageAccountType().ifPresent(type -> into.put("storageAccountType", type));
            target.excludeFromLatest().ifPresent(exclude -> into.put("excludeFromLatest", exclude));
            regions.add(region);
        }
        return regions;
    }
}
