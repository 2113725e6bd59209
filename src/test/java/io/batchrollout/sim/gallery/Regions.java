package io.batchrollout.sim.gallery;

import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRegions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure regions the simulated gallery knows ({@link SimRegions}), by programmatic name ("westeurope") and display
 * name ("West Europe"). Azure accepts either form in a request and answers target regions and replication status with
 * the display name; a name it does not know is refused.
 */
final class Regions {

    /** One Azure region; {@code name} is the normalised programmatic name. */
    record Region(String name, String displayName) {
    }

    private static final Map<String, Region> BY_NAME = new LinkedHashMap<>();

    static {
        SimRegions.all().forEach(r -> add(r.name(), r.displayName()));
    }

    private Regions() {
    }

    private static void add(String name, String displayName) {
        BY_NAME.put(name, new Region(name, displayName));
    }

    static String normalize(String region) {
        return SimRegions.normalize(region);
    }

    static Optional<Region> find(String nameOrDisplayName) {
        return Optional.ofNullable(BY_NAME.get(normalize(nameOrDisplayName)));
    }

    /** The region a resource's {@code location} names, or ARM's refusal for a location it does not offer. */
    static Region location(String location, String resourceType) {
        if (location == null || location.isBlank()) {
            throw SimException.badRequest("LocationRequired", "The location property is required for this definition.");
        }
        return find(location).orElseThrow(() -> SimException.badRequest("LocationNotAvailableForResourceType",
                "The provided location '" + location + "' is not available for resource type '" + resourceType
                        + "'. List of available regions for the resource type is '" + String.join(",", BY_NAME.keySet()) + "'."));
    }

    /** The region a property (a target region) names, or the Compute resource provider's refusal. */
    static Region property(String region, String property) {
        if (region == null || region.isBlank()) {
            throw SimException.badRequest("InvalidParameter", "Required parameter '" + property + "' is missing (null).");
        }
        return find(region).orElseThrow(() -> SimException.badRequest("InvalidParameter",
                "The value '" + region + "' of parameter '" + property + "' is not a valid Azure region."));
    }
}
