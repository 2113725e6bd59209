package io.batchrollout.local;

import io.batchrollout.config.Settings;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.util.List;
import java.util.Map;

/**
 * The resources the local runner starts with: one gallery with a generalized Linux image whose version 1.0.0 is
 * replicated to West Europe, and one Batch account in the same region, all in one subscription and resource group.
 */
public final class DemoResources {
    public static final String SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001";
    public static final String RESOURCE_GROUP = "demo-rg";
    public static final String LOCATION = "westeurope";
    public static final String GALLERY = "demogallery";
    public static final String IMAGE = "ubuntu2204-batch";
    public static final String VERSION = "1.0.0";
    public static final String BATCH_ACCOUNT = "demobatch";
    public static final int DEDICATED_CORE_QUOTA = 100;
    public static final int LOW_PRIORITY_CORE_QUOTA = 100;

    private DemoResources() {
    }

    public static GalleryId galleryId() {
        return GalleryId.parse("/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Compute/galleries/" + GALLERY);
    }

    public static ImageDefinitionId imageId() {
        return galleryId().image(IMAGE);
    }

    public static BatchAccountId batchAccountId() {
        return BatchAccountId.parse("/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Batch/batchAccounts/" + BATCH_ACCOUNT);
    }

    /** The app settings that point the app at these resources; everything else keeps its default. */
    public static Map<String, String> appSettings() {
        return Map.of(Settings.BATCH_ACCOUNT_IDS, batchAccountId().toString(),
                Settings.ALLOWED_GALLERY_IDS, galleryId().toString());
    }

    /** Seeds the simulator through its seeding API, as PUTs against Azure would have created them. */
    static void plant(SimulatedAzure sim) {
        sim.gallery().addGallery(SUBSCRIPTION_ID, RESOURCE_GROUP, GALLERY, LOCATION);
        sim.gallery().addImageDefinition(galleryId().toString(), IMAGE, "Linux", "Generalized", "V2");
        sim.gallery().addVersion(imageId().toString(), VERSION, List.of(new SimTargetRegion("West Europe", 1, false)), true);
        sim.batch().addAccount(SUBSCRIPTION_ID, RESOURCE_GROUP, BATCH_ACCOUNT, LOCATION, DEDICATED_CORE_QUOTA, LOW_PRIORITY_CORE_QUOTA);
    }

    static String description() {
        return "subscription " + SUBSCRIPTION_ID + ", resource group " + RESOURCE_GROUP + ": gallery " + GALLERY + " ("
                + LOCATION + ") with " + IMAGE + " (Linux, Generalized, V2) version " + VERSION + " replicated to West Europe; "
                + "Batch account " + BATCH_ACCOUNT + " (" + LOCATION + ", " + DEDICATED_CORE_QUOTA + " dedicated / "
                + LOW_PRIORITY_CORE_QUOTA + " low-priority cores)";
    }
}
