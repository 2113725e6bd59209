package io.batchrollout.sim.batch;

import io.batchrollout.sim.batch.ODataFilter.Kind;
import io.batchrollout.sim.batch.ODataFilter.Property;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which properties each data plane list can be filtered on, with the operators Batch allows for them (Microsoft Learn,
 * "OData filters in Azure Batch"). A property a list does not name is refused, never ignored: answering an unfiltered
 * list to a filter would hide a wrong filter.
 */
final class BatchFilters {
    private static final Set<String> EQUALITY = Set.of("eq", "ne");
    private static final Set<String> ORDERED = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> TEXT_ORDERED = Set.of("startswith", "eq", "ne", "gt", "ge", "lt", "le");

    /**
     * Job_List. {@code priority} is not in the table the simulator could read (only the one for jobs of a job
     * schedule, which has the rest); it is accepted as an integer with ordering operators.
     */
    static final Map<String, Property> JOBS = table(
            new Property("id", Kind.ID, TEXT_ORDERED),
            new Property("state", Kind.TEXT, EQUALITY),
            new Property("stateTransitionTime", Kind.DATETIME, ORDERED),
            new Property("creationTime", Kind.DATETIME, ORDERED),
            new Property("lastModified", Kind.DATETIME, ORDERED),
            new Property("priority", Kind.INT, ORDERED),
            new Property("executionInfo/startTime", Kind.DATETIME, ORDERED),
            new Property("executionInfo/endTime", Kind.DATETIME, ORDERED),
            new Property("executionInfo/poolId", Kind.ID, TEXT_ORDERED));

    /** Account_ListPoolNodeCounts: only {@code poolId eq '...'}. */
    static final Map<String, Property> NODE_COUNTS = table(new Property("poolId", Kind.ID, Set.of("eq")));

    /** ComputeNode_List. */
    static final Map<String, Property> NODES = table(
            new Property("state", Kind.TEXT, EQUALITY),
            new Property("stateTransitionTime", Kind.DATETIME, ORDERED),
            new Property("lastBootTime", Kind.DATETIME, ORDERED),
            new Property("allocationTime", Kind.DATETIME, ORDERED),
            new Property("startTaskInfo/state", Kind.TEXT, Set.of("eq")),
            new Property("startTaskInfo/result", Kind.TEXT, EQUALITY),
            new Property("startTaskInfo/exitCode", Kind.INT, ORDERED),
            new Property("startTaskInfo/startTime", Kind.DATETIME, ORDERED),
            new Property("startTaskInfo/endTime", Kind.DATETIME, ORDERED));

    /**
     * Pool_ListByBatchAccount on the management plane (BatchManagement.json names the properties; the operators are
     * not documented there, so each gets those of its type, as on the data plane). The scale settings can only be
     * asked whether they are set: {@code properties/scaleSettings/autoScale ne null}.
     */
    static final Map<String, Property> MANAGEMENT_POOLS = table(
            new Property("name", Kind.ID, TEXT_ORDERED),
            new Property("properties/allocationState", Kind.TEXT, EQUALITY),
            new Property("properties/allocationStateTransitionTime", Kind.DATETIME, ORDERED),
            new Property("properties/creationTime", Kind.DATETIME, ORDERED),
            new Property("properties/provisioningState", Kind.TEXT, EQUALITY),
            new Property("properties/provisioningStateTransitionTime", Kind.DATETIME, ORDERED),
            new Property("properties/lastModified", Kind.DATETIME, ORDERED),
            new Property("properties/vmSize", Kind.ID, TEXT_ORDERED),
            new Property("properties/interNodeCommunication", Kind.TEXT, EQUALITY),
            new Property("properties/scaleSettings/autoScale", Kind.PRESENCE, EQUALITY),
            new Property("properties/scaleSettings/fixedScale", Kind.PRESENCE, EQUALITY));

    /** Location_ListSupportedVirtualMachineSkus: "Valid property for filtering are [ familyName ]" (the spec). */
    static final Map<String, Property> VM_SKUS = table(new Property("familyName", Kind.ID, TEXT_ORDERED));

    private BatchFilters() {
    }

    private static Map<String, Property> table(Property... properties) {
        Map<String, Property> byPath = new LinkedHashMap<>();
        for (Property p : properties) {
            byPath.put(p.path(), p);
        }
        return Collections.unmodifiableMap(byPath);
    }
}
