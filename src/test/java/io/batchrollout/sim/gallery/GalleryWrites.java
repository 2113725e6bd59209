package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creating and updating galleries and image definitions from a PUT body, shared by the handlers and the seeding
 * methods. Every method runs under the state's write lock. Both writes finish at once in the simulator (Azure
 * takes seconds), so their operation is Succeeded from the start.
 */
final class GalleryWrites {
    static final List<String> OS_TYPES = List.of("Linux", "Windows");
    static final List<String> OS_STATES = List.of("Generalized", "Specialized");
    static final List<String> HYPER_V_GENERATIONS = List.of("V1", "V2");
    static final List<String> SECURITY_TYPES = List.of("Standard", "TrustedLaunch", "ConfidentialVM",
            "ConfidentialVMSupported", "TrustedLaunchSupported", "TrustedLaunchAndConfidentialVmSupported");

    record Written<T>(T resource, boolean created) {
    }

    private final GalleryStore store;

    GalleryWrites(GalleryStore store) {
        this.store = store;
    }

    Written<GalleryResource> gallery(String subscriptionId, String resourceGroup, String name, JsonNode body) {
        Regions.Region location = Regions.location(GalleryRequests.text(body, "location"), GalleryResource.TYPE);
        ObjectNode properties = GalleryRequests.properties(body);
        var existing = store.gallery(subscriptionId, resourceGroup, name);
        if (existing.isPresent() && !existing.get().location.equals(location)) {
            throw invalidLocationChange(existing.get().location, location);
        }
        GalleryResource gallery = existing.orElseGet(() -> new GalleryResource(subscriptionId, resourceGroup, name, location));
        gallery.description = GalleryRequests.text(properties, "description");
        gallery.tags = tags(body);
        store.put(gallery);
        return new Written<>(gallery, existing.isEmpty());
    }

    Written<ImageDefinitionResource> definition(GalleryResource gallery, String name, JsonNode body) {
        Regions.Region location = Regions.location(GalleryRequests.text(body, "location"), ImageDefinitionResource.TYPE);
        if (!location.equals(gallery.location)) {
            throw SimException.badRequest("InvalidParameter", "The location '" + location.name()
                    + "' of the gallery image must be the location '" + gallery.location.name() + "' of its gallery '" + gallery.name + "'.");
        }
        ObjectNode properties = GalleryRequests.properties(body);
        String osType = GalleryRequests.oneOf(requiredText(properties, "osType"), "galleryImage.properties.osType", OS_TYPES);
        String osState = GalleryRequests.oneOf(requiredText(properties, "osState"), "galleryImage.properties.osState", OS_STATES);
        String hyperV = GalleryRequests.text(properties, "hyperVGeneration");
        hyperV = hyperV == null ? "V1" : GalleryRequests.oneOf(hyperV, "galleryImage.properties.hyperVGeneration", HYPER_V_GENERATIONS);
        JsonNode identifierJson = properties.path("identifier");
        ImageDefinitionResource.Identifier identifier = new ImageDefinitionResource.Identifier(
                requiredText(identifierJson, "publisher", "galleryImage.properties.identifier.publisher"),
                requiredText(identifierJson, "offer", "galleryImage.properties.identifier.offer"),
                requiredText(identifierJson, "sku", "galleryImage.properties.identifier.sku"));
        List<ImageDefinitionResource.Feature> features = features(properties.path("features"), hyperV);

        var existing = store.definition(gallery, name);
        if (existing.isPresent()) {
            ImageDefinitionResource old = existing.get();
            notChanged(old.osType, osType, "galleryImage.properties.osType");
            notChanged(old.osState, osState, "galleryImage.properties.osState");
            notChanged(old.hyperVGeneration, hyperV, "galleryImage.properties.hyperVGeneration");
            if (!old.identifier.equals(identifier)) {
                throw GalleryRequests.propertyChange("galleryImage.properties.identifier");
            }
        }
        ImageDefinitionResource definition = existing.orElseGet(() -> new ImageDefinitionResource(gallery, name));
        definition.osType = osType;
        definition.osState = osState;
        definition.hyperVGeneration = hyperV;
        definition.identifier = identifier;
        definition.features = features;
        definition.description = GalleryRequests.text(properties, "description");
        definition.endOfLifeDate = GalleryRequests.dateTime(properties, "endOfLifeDate", "galleryImage.properties.endOfLifeDate");
        definition.tags = tags(body);
        store.put(definition);
        return new Written<>(definition, existing.isEmpty());
    }

    /** Trusted launch and confidential VMs need a generation 2 image, as Azure insists. */
    private static List<ImageDefinitionResource.Feature> features(JsonNode array, String hyperV) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        List<ImageDefinitionResource.Feature> features = new ArrayList<>();
        for (JsonNode item : array) {
            String name = requiredText(item, "name", "galleryImage.properties.features.name");
            String value = requiredText(item, "value", "galleryImage.properties.features.value");
            if (name.equalsIgnoreCase("SecurityType")) {
                value = GalleryRequests.oneOf(value, "galleryImage.properties.features.SecurityType", SECURITY_TYPES);
                if (!value.equals("Standard") && hyperV.equals("V1")) {
                    throw SimException.badRequest("InvalidParameter", "The security type '" + value
                            + "' requires an image with hyperVGeneration 'V2'.");
                }
            }
            features.add(new ImageDefinitionResource.Feature(name, value));
        }
        return List.copyOf(features);
    }

    private static void notChanged(String before, String after, String property) {
        if (!Objects.equals(before, after)) {
            throw GalleryRequests.propertyChange(property);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, "galleryImage.properties." + field);
    }

    private static String requiredText(JsonNode node, String field, String property) {
        String value = GalleryRequests.text(node, field);
        if (value == null || value.isBlank()) {
            throw GalleryRequests.required(property);
        }
        return value;
    }

    private static JsonNode tags(JsonNode body) {
        JsonNode tags = body.path("tags");
        return tags.isObject() ? tags.deepCopy() : null;
    }

    private static SimException invalidLocationChange(Regions.Region before, Regions.Region after) {
        return SimException.badRequest("InvalidResourceLocation", "The resource already exists in location '" + before.name()
                + "'. A resource with the same name cannot be created in location '" + after.name() + "'.");
    }
}
