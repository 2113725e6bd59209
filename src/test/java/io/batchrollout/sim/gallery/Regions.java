package io.batchrollout.sim.gallery;

import io.batchrollout.sim.SimException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure regions the simulated gallery knows, by programmatic name ("westeurope") and display name
 * ("West Europe"). Azure accepts either form in a request and answers target regions and replication status with
 * the display name; a name it does not know is refused.
 */
final class Regions {

    /** One Azure region; {@code name} is the normalised programmatic name. */
    record Region(String name, String displayName) {
    }

    private static final Map<String, Region> BY_NAME = new LinkedHashMap<>();

    static {
        add("eastus", "East US");
        add("eastus2", "East US 2");
        add("westus", "West US");
        add("westus2", "West US 2");
        add("westus3", "West US 3");
        add("centralus", "Central US");
        add("northcentralus", "North Central US");
        add("southcentralus", "South Central US");
        add("westcentralus", "West Central US");
        add("canadacentral", "Canada Central");
        add("canadaeast", "Canada East");
        add("brazilsouth", "Brazil South");
        add("northeurope", "North Europe");
        add("westeurope", "West Europe");
        add("uksouth", "UK South");
        add("ukwest", "UK West");
        add("francecentral", "France Central");
        add("germanywestcentral", "Germany West Central");
        add("switzerlandnorth", "Switzerland North");
        add("norwayeast", "Norway East");
        add("swedencentral", "Sweden Central");
        add("polandcentral", "Poland Central");
        add("italynorth", "Italy North");
        add("spaincentral", "Spain Central");
        add("eastasia", "East Asia");
        add("southeastasia", "Southeast Asia");
        add("japaneast", "Japan East");
        add("japanwest", "Japan West");
        add("koreacentral", "Korea Central");
        add("australiaeast", "Australia East");
        add("australiasoutheast", "Australia Southeast");
        add("centralindia", "Central India");
        add("southindia", "South India");
        add("uaenorth", "UAE North");
        add("southafricanorth", "South Africa North");
        add("qatarcentral", "Qatar Central");
        add("israelcentral", "Israel Central");
    }

    private Regions() {
    }

    private static void add(String name, String displayName) {
        BY_NAME.put(name, new Region(name, displayName));
    }

    static String normalize(String region) {
        return region == null ? "" : region.replace(" ", "").toLowerCase(Locale.ROOT);
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
