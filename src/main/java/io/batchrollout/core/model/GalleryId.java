package io.batchrollout.core.model;

import java.util.List;

/** An Azure Compute Gallery: {@code .../providers/Microsoft.Compute/galleries/{gallery}}. */
public record GalleryId(ArmId armId) {
    public static final String TYPE = "Microsoft.Compute/galleries";

    public GalleryId {
        armId.requireType(TYPE);
    }

    public static GalleryId parse(String text) {
        return new GalleryId(ArmId.parse(text));
    }

    public String galleryName() {
        return armId.name();
    }

    public ImageDefinitionId image(String imageName) {
        ArmId a = armId;
        return new ImageDefinitionId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("galleries", "images"), List.of(a.name(), imageName)));
    }

    @Override
    public String toString() {
        return armId.toString();
    }
}
