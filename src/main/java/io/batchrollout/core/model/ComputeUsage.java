package io.batchrollout.core.model;

/**
 * One regional Compute usage counter of a subscription (Usage_List): {@code name} is the counter's value name,
 * "cores" (total regional vCPUs), "lowPriorityCores" (Spot and low-priority vCPUs) or a VM family such as
 * "standardDSv3Family"; {@code currentValue} what is allocated now, {@code limit} the quota.
 */
public record ComputeUsage(String name, long currentValue, long limit) {
    public static final String TOTAL_CORES = "cores";
    public static final String LOW_PRIORITY_CORES = "lowPriorityCores";

    public long free() {
        return limit - currentValue;
    }

    public boolean named(String counter) {
        return name.equalsIgnoreCase(counter);
    }
}
