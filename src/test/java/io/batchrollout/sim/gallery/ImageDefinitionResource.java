package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A gallery image definition as the simulator stores it. Mutated only under the state's write lock. */
final class ImageDefinitionResource {
    static final String TYPE = "Microsoft.Compute/galleries/images";

    record Identifier(String publisher, String offer, String sku) {
    }

    record Feature(String name, String value) {
    }

    final GalleryResource gallery;
    final String name;
    String osType;
    String osState;
    String hyperVGeneration;
    Identifier identifier;
    List<Feature> features = List.of();
    String description;
    Instant endOfLifeDate;
    JsonNode tags;
    String provisioningState = "Succeeded";

    ImageDefinitionResource(GalleryResource gallery, String name) {
        this.gallery = gallery;
        this.name = name;
    }

    String id() {
        return gallery.id() + "/images/" + name;
    }

    String key() {
        return gallery.key() + "/" + name.toLowerCase(Locale.ROOT);
    }

    /** The value of the SecurityType feature, or null when the definition has none. */
    String securityType() {
        return features.stream().filter(f -> f.name().equalsIgnoreCase("SecurityType"))
                .map(Feature::value).findFirst().orElse(null);
    }
}
