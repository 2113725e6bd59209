package io.batchrollout.sim.gallery;

import io.batchrollout.sim.SimException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The gallery part's in-memory store, keyed by lower-cased resource path (ARM compares ids case-insensitively).
 * Callers hold the simulator's state lock: read lock to look, write lock to change.
 */
final class GalleryStore {
    private static final String COMPUTE = "/providers/microsoft.compute/galleries/";

    private final Map<String, GalleryResource> galleries = new LinkedHashMap<>();
    private final Map<String, ImageDefinitionResource> definitions = new LinkedHashMap<>();
    private final Map<String, ImageVersionResource> versions = new LinkedHashMap<>();

    Optional<GalleryResource> gallery(String subscriptionId, String resourceGroup, String galleryName) {
        return Optional.ofNullable(galleries.get(GalleryResource.key(subscriptionId, resourceGroup, galleryName)));
    }

    Optional<ImageDefinitionResource> definition(GalleryResource gallery, String imageName) {
        return Optional.ofNullable(definitions.get(gallery.key() + "/" + imageName.toLowerCase(Locale.ROOT)));
    }

    Optional<ImageVersionResource> version(ImageDefinitionResource definition, String versionName) {
        return Optional.ofNullable(versions.get(definition.key() + "/" + versionName.toLowerCase(Locale.ROOT)));
    }

    void put(GalleryResource gallery) {
        galleries.put(gallery.key(), gallery);
    }

    void put(ImageDefinitionResource definition) {
        definitions.put(definition.key(), definition);
    }

    void put(ImageVersionResource version) {
        versions.put(version.key(), version);
    }

    void remove(ImageVersionResource version) {
        versions.remove(version.key());
    }

    /** Sorted by name, ignoring case, as a listing pages through them. */
    List<GalleryResource> galleries(String subscriptionId, String resourceGroup) {
        String prefix = (subscriptionId + "/" + resourceGroup + "/").toLowerCase(Locale.ROOT);
        return galleries.values().stream().filter(g -> g.key().startsWith(prefix))
                .sorted(Comparator.comparing(g -> g.name.toLowerCase(Locale.ROOT))).toList();
    }

    List<ImageDefinitionResource> definitions(GalleryResource gallery) {
        return definitions.values().stream().filter(d -> d.gallery == gallery)
                .sorted(Comparator.comparing(d -> d.name.toLowerCase(Locale.ROOT))).toList();
    }

    List<ImageVersionResource> versions(ImageDefinitionResource definition) {
        return versions.values().stream().filter(v -> v.definition == definition)
                .sorted(Comparator.comparing(v -> v.name.toLowerCase(Locale.ROOT))).toList();
    }

    List<ImageVersionResource> allVersions() {
        return List.copyOf(versions.values());
    }

    /** The definition an ARM id names (any casing), if stored. */
    Optional<ImageDefinitionResource> definitionById(String id) {
        return Optional.ofNullable(definitions.get(keyOf(id, 2)));
    }

    Optional<ImageVersionResource> versionById(String id) {
        return Optional.ofNullable(versions.get(keyOf(id, 3)));
    }

    Optional<GalleryResource> galleryById(String id) {
        return Optional.ofNullable(galleries.get(keyOf(id, 1)));
    }

    /**
     * The store key of a gallery (depth 1), image definition (2) or version (3) id; an id of another shape gives a
     * key that matches nothing.
     */
    static String keyOf(String id, int depth) {
        if (id == null) {
            return "";
        }
        String lower = id.strip().toLowerCase(Locale.ROOT);
        String[] head = lower.split("/", -1);
        if (head.length < 6 || !head[1].equals("subscriptions") || !head[3].equals("resourcegroups")) {
            return "";
        }
        String prefix = "/subscriptions/" + head[2] + "/resourcegroups/" + head[4] + COMPUTE;
        if (!lower.startsWith(prefix)) {
            return "";
        }
        String[] tail = lower.substring(prefix.length()).split("/", -1);
        String[] types = {null, "images", "versions"};
        if (tail.length != depth * 2 - 1) {
            return "";
        }
        StringBuilder key = new StringBuilder(head[2]).append('/').append(head[4]).append('/').append(tail[0]);
        for (int i = 1; i < depth; i++) {
            if (!tail[i * 2 - 1].equals(types[i])) {
                return "";
            }
            key.append('/').append(tail[i * 2]);
        }
        return key.toString();
    }

    /** ARM's 404 for a resource that is not there. */
    static SimException notFound(String resourceType, String path, String resourceGroup) {
        return new SimException(404, "ResourceNotFound", "The Resource '" + resourceType + "/" + path
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    /** ARM's 404 for a request on a nested resource whose parent is not there. */
    static SimException parentNotFound(String parentPath) {
        return new SimException(404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '" + parentPath + "' not found.");
    }
}
