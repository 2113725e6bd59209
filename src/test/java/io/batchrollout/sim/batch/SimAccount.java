package io.batchrollout.sim.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A seeded Batch account with its pools and jobs. Mutated only under the simulator's write lock. */
final class SimAccount {
    final String subscriptionId;
    final String resourceGroup;
    final String name;
    /** Normalised region, e.g. "westeurope": what Batch reports as location and puts in accountEndpoint. */
    final String location;
    /** "BatchService" or "UserSubscription" (nodes are VMs in the account's subscription, under its regional quotas). */
    String poolAllocationMode = "BatchService";
    int dedicatedCoreQuota;
    int lowPriorityCoreQuota;
    int poolQuota = 100;
    int activeJobAndJobScheduleQuota = 300;
    final Map<String, Integer> familyQuota = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** dedicatedCoreQuotaPerVMFamilyEnforced: when false only dedicatedCoreQuota binds dedicated nodes. */
    boolean familyQuotaEnforced = true;
    /** Whether the account answers dedicatedCoreQuotaPerVMFamily at all. */
    boolean listFamilyQuotas = true;
    private final Map<String, SimPool> pools = new LinkedHashMap<>();
    private final Map<String, SimJob> jobs = new LinkedHashMap<>();

    SimAccount(String subscriptionId, String resourceGroup, String name, String location, int dedicatedCoreQuota,
               int lowPriorityCoreQuota) {
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.name = name;
        this.location = location;
        this.dedicatedCoreQuota = dedicatedCoreQuota;
        this.lowPriorityCoreQuota = lowPriorityCoreQuota;
        for (String family : VmSizes.families()) {
            familyQuota.put(family, dedicatedCoreQuota);
        }
    }

    boolean userSubscription() {
        return "UserSubscription".equals(poolAllocationMode);
    }

    String armId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Batch/batchAccounts/" + name;
    }

    /** "{account}.{region}": the host part of the real endpoint, the last path segment in the simulator's. */
    String endpointName() {
        return (name + "." + location).toLowerCase(Locale.ROOT);
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    Optional<SimPool> pool(String poolName) {
        return Optional.ofNullable(pools.get(key(poolName)));
    }

    void putPool(SimPool pool) {
        pools.put(key(pool.name), pool);
    }

    void removePool(SimPool pool) {
        pools.remove(key(pool.name));
    }

    /** Pools in name order, so pages are stable between requests. */
    List<SimPool> pools() {
        List<SimPool> sorted = new ArrayList<>(pools.values());
        sorted.sort((a, b) -> key(a.name).compareTo(key(b.name)));
        return sorted;
    }

    Optional<SimJob> job(String jobId) {
        return Optional.ofNullable(jobs.get(key(jobId)));
    }

    void putJob(SimJob job) {
        jobs.put(key(job.id), job);
    }

    void removeJob(SimJob job) {
        jobs.remove(key(job.id));
    }

    /** Jobs in id order for listing; scheduling goes by creation order through {@link #jobsByCreation()}. */
    List<SimJob> jobs() {
        List<SimJob> sorted = new ArrayList<>(jobs.values());
        sorted.sort((a, b) -> key(a.id).compareTo(key(b.id)));
        return sorted;
    }

    List<SimJob> jobsByCreation() {
        return new ArrayList<>(jobs.values());
    }
}
