package io.batchrollout.sim.resources;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The resource provider namespaces the simulated Resource Manager knows, with a few of their resource types. ARM
 * knows every namespace in every subscription (registered or not); a namespace outside this catalogue is one ARM
 * does not know, which it answers with 404 InvalidResourceNamespace.
 */
final class ProviderCatalog {

    record ResourceType(String resourceType, List<String> locations, List<String> apiVersions) {
    }

    record Provider(String namespace, List<ResourceType> resourceTypes) {
    }

    static final String BATCH = "Microsoft.Batch";
    static final String COMPUTE = "Microsoft.Compute";

    private static final List<String> REGIONS = List.of("West Europe", "North Europe", "East US", "West US 2",
            "Southeast Asia");
    private static final List<String> BATCH_API = List.of("2024-07-01", "2024-02-01", "2023-11-01", "2023-05-01",
            "2022-10-01");
    private static final List<String> GALLERY_API = List.of("2025-03-03", "2024-03-03", "2023-07-03", "2022-08-03",
            "2022-03-03");
    private static final List<String> COMPUTE_API = List.of("2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01");

    private static final Map<String, Provider> PROVIDERS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        add(new Provider(BATCH, List.of(
                new ResourceType("batchAccounts", REGIONS, BATCH_API),
                new ResourceType("batchAccounts/pools", REGIONS, BATCH_API),
                new ResourceType("operations", List.of(), BATCH_API),
                new ResourceType("locations", List.of(), BATCH_API),
                new ResourceType("locations/quotas", REGIONS, BATCH_API))));
        add(new Provider(COMPUTE, List.of(
                new ResourceType("galleries", REGIONS, GALLERY_API),
                new ResourceType("galleries/images", REGIONS, GALLERY_API),
                new ResourceType("galleries/images/versions", REGIONS, GALLERY_API),
                new ResourceType("virtualMachines", REGIONS, COMPUTE_API),
                new ResourceType("images", REGIONS, COMPUTE_API))));
        add(new Provider("Microsoft.Storage", List.of(
                new ResourceType("storageAccounts", REGIONS, List.of("2024-01-01", "2023-05-01")))));
        add(new Provider("Microsoft.Network", List.of(
                new ResourceType("virtualNetworks", REGIONS, List.of("2024-05-01", "2024-03-01")))));
        add(new Provider("Microsoft.EventGrid", List.of(
                new ResourceType("systemTopics", REGIONS, List.of("2025-02-15", "2022-06-15")))));
    }

    private ProviderCatalog() {
    }

    private static void add(Provider provider) {
        PROVIDERS.put(provider.namespace(), provider);
    }

    /** Found ignoring case, as ARM matches namespaces; the answer carries the canonical casing. */
    static Optional<Provider> find(String namespace) {
        return Optional.ofNullable(PROVIDERS.get(namespace.toLowerCase(Locale.ROOT)));
    }
}
