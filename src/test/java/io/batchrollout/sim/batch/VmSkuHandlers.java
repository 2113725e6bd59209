package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimRegions;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Location_ListSupportedVirtualMachineSkus: the VM sizes Batch supports for virtual machine pools in a region,
 * {@code {value:[{name, familyName, capabilities:[{name, value}]}], nextLink}} as in the spec example
 * LocationListVirtualMachineSkus, paged by {@code maxresults} and nextLink like the other Batch lists.
 */
final class VmSkuHandlers {
    static final String OPERATION = "Location_ListSupportedVirtualMachineSkus";
    private static final String PATH = "/subscriptions/{subscriptionId}/providers/Microsoft.Batch/locations/{locationName}"
            + "/virtualMachineSkus";

    private final SimState state;
    private final BatchStore store;
    private final Supplier<String> authority;

    VmSkuHandlers(SimState state, BatchStore store, Supplier<String> authority) {
        this.state = state;
        this.store = store;
        this.authority = authority;
    }

    void register(Router router) {
        router.add("GET", PATH, OPERATION, BatchArmError.guard(this::list));
    }

    private SimResponse list(SimRequest request) {
        PoolHandlers.apiVersion(request);
        Optional<ODataFilter> filter = request.queryParam("$filter").map(VmSkuHandlers::filter);
        String region = SimRegions.requireLocation(request.param("locationName"), "locations/virtualMachineSkus",
                request.apiVersion());
        return state.read(() -> {
            List<VmSizes.VmSize> offered = VmSizes.all().stream().filter(s -> store.offered(region, s))
                    .filter(s -> filter.isEmpty() || filter.get().test(sku(s))).toList();
            Pages.Page<VmSizes.VmSize> page = Pages.of(offered, VmSizes.VmSize::name, request, "https://" + authority.get(),
                    store.pageSize, store.maxPageSize);
            ObjectNode body = BatchJson.object();
            ArrayNode value = body.putArray("value");
            page.items().forEach(size -> value.add(sku(size)));
            page.nextLink().ifPresent(link -> body.put("nextLink", link));
            return SimResponse.ok(body);
        });
    }

    /** The spec names familyName as the one property this list filters on. */
    private static ODataFilter filter(String text) {
        try {
            return ODataFilter.parse(text, BatchFilters.VM_SKUS);
        } catch (ODataFilter.Invalid e) {
            throw SimException.badRequest("InvalidQueryParameterValue", "Value for one of the query parameters specified "
                    + "in the request URI is invalid: $filter '" + text + "'. " + e.getMessage());
        }
    }

    private static ObjectNode sku(VmSizes.VmSize size) {
        ObjectNode sku = BatchJson.object();
        sku.put("name", size.name()).put("familyName", size.family());
        ArrayNode capabilities = sku.putArray("capabilities");
        capability(capabilities, "MaxResourceVolumeMB", Integer.toString(size.cores() * 16384));
        capability(capabilities, "vCPUs", Integer.toString(size.cores()));
        capability(capabilities, "HyperVGenerations", size.hyperV());
        capability(capabilities, "MemoryGB", memory(size.memoryGb()));
        capability(capabilities, "LowPriorityCapable", size.lowPriorityCapable() ? "True" : "False");
        capability(capabilities, "vCPUsAvailable", Integer.toString(size.cores()));
        capability(capabilities, "EphemeralOSDiskSupported", size.name().toLowerCase(Locale.ROOT).contains("s_") ? "True" : "False");
        return sku;
    }

    private static void capability(ArrayNode capabilities, String name, String value) {
        capabilities.addObject().put("name", name).put("value", value);
    }

    private static String memory(double gb) {
        return gb == Math.rint(gb) ? Long.toString((long) gb) : Double.toString(gb);
    }
}
