package io.batchrollout.core.model;

import java.util.List;

/** A gallery image definition: {@code .../galleries/{gallery}/images/{image}}. A pool on it tracks "latest". */
public record ImageDefinitionId(ArmId armId) {
    public static final String TYPE = "Microsoft.Compute/galleries/images";

    public ImageDefinitionId {
        armId.requireType(TYPE);
    }

    public static ImageDefinitionId parse(String text) {
        return new ImageDefinitionId(ArmId.parse(text));
    }

    public GalleryId gallery() {
        ArmId a = armId;
        return new GalleryId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("galleries"), List.of(a.names().get(0))));
    }

    public String imageName() {
        return armId.name();
    }

    public ImageVersionId version(String versionName) {
        ArmId a = armId;
        return new ImageVersionId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("galleries", "images", "versions"), List.of(a.names().get(0), a.names().get(1), versionName)));
    }

    @Override
    public String toString() {
        return armId.toString();
    }
}
