package io.batchrollout.core.model;

import java.util.List;

/** One published gallery image version: {@code .../images/{image}/versions/{Major.Minor.Patch}}. */
public record ImageVersionId(ArmId armId) {
    public static final String TYPE = "Microsoft.Compute/galleries/images/versions";

    public ImageVersionId {
        armId.requireType(TYPE);
    }

    public static ImageVersionId parse(String text) {
        return new ImageVersionId(ArmId.parse(text));
    }

    public ImageDefinitionId definition() {
        ArmId a = armId;
        return new ImageDefinitionId(new ArmId(a.subscriptionId(), a.resourceGroup(), a.namespace(),
                List.of("galleries", "images"), a.names().subList(0, 2)));
    }

    public String versionName() {
        return armId.name();
    }

    @Override
    public String toString() {
        return armId.toString();
    }
}
