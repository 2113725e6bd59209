package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import java.util.Iterator;
import java.util.Map;

/**
 * GalleryImageVersions_Update (PATCH): the stored version as a PUT body with the request laid over it, so the update
 * goes through the same checks as a PUT. What the PATCH carries replaces what is stored, member by member inside
 * publishingProfile (a targetRegions array replaces the whole list: regions left out are removed) and safetyProfile;
 * tags, when given, replace the tags. {@code properties.storageProfile} is required by GalleryImageVersionProperties,
 * so a PATCH without it is refused (the stricter reading); an empty one keeps the source, as in Microsoft's "without
 * source id" example, and a different source is refused like a PUT's.
 */
final class VersionPatch {
    private VersionPatch() {
    }

    static ObjectNode merged(ImageVersionResource stored, JsonNode patch) {
        if (!patch.isObject()) {
            throw SimException.badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        ObjectNode body = GalleryJson.version(stored, false, null);
        JsonNode properties = patch.path("properties");
        if (!properties.isObject()) {
            throw GalleryRequests.required("galleryImageVersion.properties");
        }
        JsonNode storage = properties.path("storageProfile");
        if (!storage.isObject()) {
            throw GalleryRequests.required("galleryImageVersion.properties.storageProfile");
        }
        ObjectNode into = (ObjectNode) body.get("properties");
        overlay((ObjectNode) into.get("storageProfile"), storage);
        overlay((ObjectNode) into.get("publishingProfile"), object(properties.path("publishingProfile"), "publishingProfile"));
        overlay((ObjectNode) into.get("safetyProfile"), object(properties.path("safetyProfile"), "safetyProfile"));
        JsonNode tags = patch.path("tags");
        if (!tags.isMissingNode() && !tags.isNull()) {
            if (!tags.isObject()) {
                throw SimException.badRequest("InvalidRequestContent", "The request content was invalid: 'tags' must be an object.");
            }
            for (JsonNode value : tags) {
                if (!value.isTextual()) {
                    throw SimException.badRequest("InvalidRequestContent", "The request content was invalid: tag values are strings.");
                }
            }
            body.set("tags", tags.deepCopy());
        }
        return body;
    }

    private static JsonNode object(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return GalleryJson.object();
        }
        if (!node.isObject()) {
            throw SimException.badRequest("InvalidRequestContent", "The request content was invalid: '" + field + "' must be an object.");
        }
        return node;
    }

    /** Top-level members of {@code patch} replace those of {@code target}; a source replaces the stored source whole. */
    private static void overlay(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            target.set(member.getKey(), member.getValue().deepCopy());
        }
    }
}
