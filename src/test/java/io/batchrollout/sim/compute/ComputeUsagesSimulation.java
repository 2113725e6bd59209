package io.batchrollout.sim.compute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRegions;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import io.batchrollout.sim.batch.BatchSimulation;
import io.batchrollout.sim.batch.BatchSimulation.RegionalVms;
import io.batchrollout.sim.batch.SubscriptionQuotas;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Compute's regional usages of a subscription (operation Usage_List,
 * GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{location}/usages): one counter per quota,
 * {@code {unit:"Count", currentValue, limit, name:{value, localizedValue}}}. A counter's current value is a configurable
 * baseline (VMs that are not simulated Batch nodes) plus the vCPUs of the Batch nodes of UserSubscription-mode accounts
 * in that subscription and region; Spot/low-priority nodes count in lowPriorityCores only. The same limits bind those
 * accounts' allocations ({@link SubscriptionQuotas}).
 */
public final class ComputeUsagesSimulation implements SubscriptionQuotas {
    public static final String OPERATION = "Usage_List";
    public static final long DEFAULT_TOTAL_CORES_LIMIT = 350;
    public static final long DEFAULT_FAMILY_LIMIT = 100;
    public static final long DEFAULT_LOW_PRIORITY_LIMIT = 100;
    /** The Compute api-versions ARM routes for this type; azure-resourcemanager-compute 2.53.2 sends 2024-11-01. */
    static final List<String> API_VERSIONS = List.of("2015-06-15", "2016-03-30", "2017-03-30", "2017-12-01", "2018-04-01",
            "2018-06-01", "2018-10-01", "2019-03-01", "2019-07-01", "2019-12-01", "2020-06-01", "2020-12-01", "2021-03-01",
            "2021-04-01", "2021-07-01", "2021-11-01", "2022-03-01", "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01",
            "2023-09-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01");
    private static final Pattern API_VERSION_FORMAT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(-preview)?$");
    /** The spec's pattern for the location path parameter of Usage_List. */
    private static final Pattern LOCATION = Pattern.compile("^[-\\w._]+$");
    private static final String PATH = "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/usages";

    private final SimState state;
    private final BiFunction<String, String, RegionalVms> batchVms;
    private final Map<String, Long> limits = new HashMap<>();
    private final Map<String, Long> baselines = new HashMap<>();

    public ComputeUsagesSimulation(SimState state, Router router, BiFunction<String, String, RegionalVms> batchVms) {
        this.state = state;
        this.batchVms = batchVms;
        router.add("GET", PATH, OPERATION, this::list);
    }

    public static List<String> operations() {
        return List.of(OPERATION);
    }

    /** Sets a counter's limit ("cores", "lowPriorityCores", a family such as "standardDSv3Family") in a region. */
    public void setLimit(String subscriptionId, String location, String counter, long limit) {
        state.write(() -> limits.put(key(subscriptionId, location, counter), limit));
    }

    /** Sets what other VMs of the subscription use of a counter in a region, besides the simulated Batch nodes. */
    public void setBaseline(String subscriptionId, String location, String counter, long currentValue) {
        state.write(() -> baselines.put(key(subscriptionId, location, counter), currentValue));
    }

    @Override
    public long limit(String subscriptionId, String region, String counter) {
        return state.read(() -> limits.getOrDefault(key(subscriptionId, region, counter), defaultLimit(counter)));
    }

    @Override
    public long baseline(String subscriptionId, String region, String counter) {
        return state.read(() -> baselines.getOrDefault(key(subscriptionId, region, counter), 0L));
    }

    private SimResponse list(SimRequest request) {
        requireApiVersion(request.apiVersion());
        String location = request.param("location");
        if (!LOCATION.matcher(location).matches()) {
            throw SimException.badRequest("InvalidParameter", "The value of parameter location is invalid.");
        }
        String sub = request.param("subscriptionId");
        String region = SimRegions.requireLocation(location, "locations/usages", request.apiVersion());
        RegionalVms vms = batchVms.apply(sub, region);
        return state.read(() -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode value = body.putArray("value");
            add(value, sub, region, "availabilitySets", "Availability Sets", 0);
            add(value, sub, region, "cores", "Total Regional vCPUs", vms.dedicatedCores());
            add(value, sub, region, "virtualMachines", "Virtual Machines", vms.vms());
            add(value, sub, region, "virtualMachineScaleSets", "Virtual Machine Scale Sets", 0);
            for (String family : BatchSimulation.vmFamilies()) {
                add(value, sub, region, family, localized(family), vms.dedicatedCoresByFamily().getOrDefault(family, 0L));
            }
            add(value, sub, region, "lowPriorityCores", "Total Regional Low-priority vCPUs", vms.lowPriorityCores());
            return SimResponse.ok(body);
        });
    }

    private void add(ArrayNode value, String sub, String region, String counter, String localized, long batchUse) {
        ObjectNode usage = value.addObject();
        usage.put("unit", "Count");
        usage.put("currentValue", baselines.getOrDefault(key(sub, region, counter), 0L) + batchUse);
        usage.put("limit", limits.getOrDefault(key(sub, region, counter), defaultLimit(counter)));
        usage.putObject("name").put("value", counter).put("localizedValue", localized);
    }

    /** "standardDSv3Family" reads "Standard DSv3 Family vCPUs" in the portal and in localizedValue. */
    static String localized(String family) {
        String core = family.replaceFirst("^standard", "").replaceFirst("Family$", "");
        return "Standard " + core + " Family vCPUs";
    }

    private static long defaultLimit(String counter) {
        return switch (counter.toLowerCase(Locale.ROOT)) {
            case "cores" -> DEFAULT_TOTAL_CORES_LIMIT;
            case "lowprioritycores" -> DEFAULT_LOW_PRIORITY_LIMIT;
            case "virtualmachines" -> 25000;
            case "availabilitysets", "virtualmachinescalesets" -> 2500;
            default -> DEFAULT_FAMILY_LIMIT;
        };
    }

    private static String key(String subscriptionId, String location, String counter) {
        return (subscriptionId + "/" + SimRegions.normalize(location) + "/" + counter).toLowerCase(Locale.ROOT);
    }

    private static void requireApiVersion(String apiVersion) {
        if (!API_VERSION_FORMAT.matcher(apiVersion).matches()) {
            throw SimException.badRequest("InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", API_VERSIONS) + "'.");
        }
        if (!API_VERSIONS.contains(apiVersion)) {
            throw SimException.badRequest("NoRegisteredProviderFound", "No registered resource provider found for location "
                    + "and API version '" + apiVersion + "' and type 'locations/usages'. The supported api-versions are '"
                    + String.join(", ", API_VERSIONS) + "'.");
        }
    }
}
