package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.gallery.GalleryLookup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * Gallery image versions marked broken over HTTP (the demo's "bad image"): Batch builds nodes from a marked version
 * that fail their start task, as from a version the gallery part marks broken itself. It stands between the Batch
 * part and whatever answers its image questions, so a mark is checked each time a node is built: nodes built after
 * the mark is cleared start fine, nodes already failed stay failed. A version may be marked before it is published
 * (the demo marks 1.1.0, then publishes it). Ids are compared case-insensitively, as ARM compares them.
 * <p>
 * {@code POST /_sim/broken-versions} {@code {"versionId": ...}} marks, {@code GET} lists, {@code DELETE
 * /_sim/broken-versions?versionId=...} clears.
 */
final class BrokenVersions implements GalleryLookup {
    /** A gallery image version's ARM id, checked here from its documented shape (versions are Major.Minor.Patch). */
    private static final Pattern VERSION_ID = Pattern.compile("/subscriptions/[^/]+/resourceGroups/[^/]+/providers/"
            + "Microsoft\\.Compute/galleries/[^/]+/images/[^/]+/versions/\\d{1,9}\\.\\d{1,9}\\.\\d{1,9}", Pattern.CASE_INSENSITIVE);

    private final GalleryLookup images;
    /** Lower-cased id to the id as it was given. */
    private final Map<String, String> marked = new ConcurrentSkipListMap<>();

    BrokenVersions(GalleryLookup images) {
        this.images = images;
    }

    @Override
    public Optional<VersionFacts> version(String versionId) {
        return images.version(versionId).map(v -> isMarked(v.id()) || isMarked(versionId)
                ? new VersionFacts(v.id(), v.provisioningState(), v.replicationByRegion(), true) : v);
    }

    @Override
    public Optional<DefinitionFacts> definition(String definitionId) {
        return images.definition(definitionId);
    }

    @Override
    public Optional<String> latestVersionId(String definitionId, String normalizedRegion) {
        return images.latestVersionId(definitionId, normalizedRegion);
    }

    private boolean isMarked(String versionId) {
        return versionId != null && marked.containsKey(versionId.toLowerCase(Locale.ROOT));
    }

    void register(Router controls) {
        controls.add("POST", "/_sim/broken-versions", "Sim_BrokenVersions_Mark", request -> {
            String id = requireVersionId(request.body() == null ? null : request.body().get("versionId"), request.body());
            boolean added = marked.putIfAbsent(id.toLowerCase(Locale.ROOT), id) == null;
            return SimResponse.of(added ? 201 : 200, describe(id).put("broken", true));
        });
        controls.add("GET", "/_sim/broken-versions", "Sim_BrokenVersions_List", request -> {
            ObjectNode body = SimServer.JSON.createObjectNode();
            ArrayNode value = body.putArray("value");
            marked.values().forEach(id -> value.add(describe(id)));
            return SimResponse.ok(body);
        });
        controls.add("DELETE", "/_sim/broken-versions", "Sim_BrokenVersions_Clear", request -> {
            String given = request.queryParam("versionId").orElse(null);
            String id = requireVersionId(given == null ? null : SimServer.JSON.getNodeFactory().textNode(given), null);
            if (marked.remove(id.toLowerCase(Locale.ROOT)) == null) {
                throw new ControlProblem(404, "VersionNotMarked", "'" + id + "' is not marked broken; GET "
                        + "/_sim/broken-versions lists the marked versions.", List.of());
            }
            return SimResponse.ok(describe(id).put("broken", false));
        });
    }

    private ObjectNode describe(String id) {
        return SimServer.JSON.createObjectNode().put("versionId", id).put("published", images.version(id).isPresent());
    }

    private static String requireVersionId(JsonNode given, JsonNode body) {
        if (body != null && (!body.isObject() || body.size() != 1 || !body.has("versionId"))) {
            throw ControlProblem.invalid("The mark was refused and nothing changed", List.of(new ControlProblem.FieldError(
                    "body", "expected exactly {\"versionId\": \"/subscriptions/.../images/{image}/versions/{Major.Minor.Patch}\"}")));
        }
        if (given == null || !given.isTextual() || given.asText().isBlank()) {
            throw ControlProblem.invalid("The request was refused and nothing changed", List.of(new ControlProblem.FieldError(
                    "versionId", "required: a gallery image version's ARM id")));
        }
        String id = given.asText().strip();
        if (!VERSION_ID.matcher(id).matches()) {
            throw ControlProblem.invalid("The request was refused and nothing changed", List.of(new ControlProblem.FieldError(
                    "versionId", "'" + id + "' is not a gallery image version id: expected /subscriptions/{subscription}"
                            + "/resourceGroups/{group}/providers/Microsoft.Compute/galleries/{gallery}/images/{image}"
                            + "/versions/{Major.Minor.Patch}")));
        }
        return id;
    }
}
