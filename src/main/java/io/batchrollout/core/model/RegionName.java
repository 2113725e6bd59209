package io.batchrollout.core.model;

import java.util.Locale;

/**
 * Azure names a region two ways: "West Europe" (the display name galleries return in targetRegions and
 * replicationStatus) and "westeurope" (the name Batch accounts report as location). Both mean the same region.
 */
public final class RegionName {
    private RegionName() {
    }

    public static String normalize(String region) {
        if (region == null) {
            return "";
        }
        return region.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
