package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** A gallery as the simulator stores it. Mutated only under the state's write lock. */
final class GalleryResource {
    static final String TYPE = "Microsoft.Compute/galleries";

    final String subscriptionId;
    final String resourceGroup;
    final String name;
    final Regions.Region location;
    String description;
    JsonNode tags;
    String provisioningState = "Succeeded";

    GalleryResource(String subscriptionId, String resourceGroup, String name, Regions.Region location) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.name = name;
        this.location = location;
    }

    String id() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Compute/galleries/" + name;
    }

    String key() {
        return key(subscriptionId, resourceGroup, name);
    }

    static String key(String subscriptionId, String resourceGroup, String galleryName) {
        return (subscriptionId + "/" + resourceGroup + "/" + galleryName).toLowerCase(Locale.ROOT);
    }

    /** ARM's unique gallery name: the subscription id and the upper-cased gallery name. */
    String uniqueName() {
        return subscriptionId + "-" + name.toUpperCase(Locale.ROOT);
    }
}
