package io.batchrollout.sim;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The public Azure regions the simulator knows, by programmatic name ("westeurope") and display name ("West
 * Europe"). Azure accepts either spelling wherever it takes a region, and a region outside its list is refused; the
 * simulator does the same from this table, its own, shared by every simulated resource provider.
 */
public final class SimRegions {

    /** One region: {@code name} is the programmatic name Azure answers in {@code location} of most resources. */
    public record Region(String name, String displayName) {
    }

    private static final Map<String, Region> BY_KEY = new LinkedHashMap<>();

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

    private SimRegions() {
    }

    private static void add(String name, String displayName) {
        BY_KEY.put(key(name), new Region(name, displayName));
    }

    /** Spaces and case do not matter: "West Europe", "westeurope" and "WestEurope" are one region. */
    private static String key(String text) {
        return text.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    public static Optional<Region> find(String nameOrDisplayName) {
        return nameOrDisplayName == null ? Optional.empty() : Optional.ofNullable(BY_KEY.get(key(nameOrDisplayName.trim())));
    }

    /**
     * The programmatic name of a known region; for text that names none, the same spelling-insensitive key, so that
     * comparisons inside the simulator still treat "West Moon" and "westmoon" alike.
     */
    public static String normalize(String nameOrDisplayName) {
        return nameOrDisplayName == null ? "" : find(nameOrDisplayName).map(Region::name).orElseGet(() -> key(nameOrDisplayName.trim()));
    }

    public static Collection<Region> all() {
        return Collections.unmodifiableCollection(BY_KEY.values());
    }

    /**
     * The programmatic name of a region the simulator knows; anything else is a mistake in the code that calls it
     * (a test seeding an account somewhere the simulator does not offer), not a request to refuse.
     */
    public static String require(String nameOrDisplayName) {
        return find(nameOrDisplayName).map(Region::name).orElseThrow(() -> new IllegalArgumentException("'"
                + nameOrDisplayName + "' is not a region the simulator knows: one of " + names()));
    }

    /**
     * A location-scoped provider endpoint ({@code /providers/{Namespace}/locations/{location}/...}) for a location
     * ARM does not route: 400 NoRegisteredProviderFound, naming the supported locations, as ARM answers it.
     */
    public static String requireLocation(String location, String resourceType, String apiVersion) {
        return find(location).map(Region::name).orElseThrow(() -> SimException.badRequest("NoRegisteredProviderFound",
                "No registered resource provider found for location '" + location + "' and API version '" + apiVersion
                        + "' for type '" + resourceType + "'. The supported locations are '" + String.join(", ", names())
                        + "'."));
    }

    private static List<String> names() {
        return BY_KEY.values().stream().map(Region::name).toList();
    }
}
