package io.batchrollout.sim.batch;

import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimRegions;
import io.batchrollout.sim.SimState;
import io.batchrollout.sim.gallery.GalleryLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Batch management plane (accounts, pools) and data plane (node counts, nodes, jobs, tasks) of the simulator.
 * The seeding and counter methods are the contract the local runner and tests code against. Ids are ARM id
 * strings compared case-insensitively. All state lives in a {@link BatchStore} changed only under the simulator's
 * write lock; {@link BatchClockwork} moves it with simulated time.
 */
public final class BatchSimulation {

    /** Tasks that ran to the end, were killed (terminated) and were requeued, over the simulator's life. */
    public record TaskCounters(long completed, long killed, long requeued) {
    }

    /**
     * The VMs the Batch nodes of UserSubscription-mode accounts are in one subscription and region: what Compute's
     * usages count for them (every node that exists, in any state, until it is removed).
     */
    public record RegionalVms(Map<String, Long> dedicatedCoresByFamily, long dedicatedCores, long lowPriorityCores,
                              long vms) {
    }

    private final SimState state;
    private final BatchStore store = new BatchStore();
    private final TaskEngine tasks = new TaskEngine();
    private final BatchClockwork clockwork;
    private final PoolWrites poolWrites;

    /** {@code authority} is "127.0.0.1:{port}": accountEndpoint is {authority}/batch/{account}.{region}. */
    public BatchSimulation(SimState state, Router router, GalleryLookup gallery, Supplier<String> authority) {
        this.state = state;
        ImageCheck images = new ImageCheck(gallery);
        AllocationEngine allocation = new AllocationEngine(images, tasks, store);
        this.clockwork = new BatchClockwork(store, allocation, tasks);
        this.poolWrites = new PoolWrites(images, allocation, store);
        new PoolHandlers(state, store, poolWrites, clockwork, authority).register(router);
        new VmSkuHandlers(state, store, authority).register(router);
        new DataPlaneHandlers(state, store, tasks, clockwork, authority).register(router);
        state.register(clockwork);
    }

    /**
     * Creates a pool as Pool_Create would from {@code body} (the ARM request body: {"properties": {...}}), without an
     * HTTP round trip: for benchmarks that seed thousands of pools. The same rules apply (validation, quotas, scale);
     * no request is logged.
     */
    public void seedPool(String accountId, String poolName, com.fasterxml.jackson.databind.JsonNode body) {
        state.write(() -> {
            java.time.Instant now = state.clock().now();
            SimAccount account = store.byId(accountId).orElseThrow(() -> new IllegalArgumentException("no account " + accountId));
            poolWrites.create(account, poolName, PoolRequest.parse(body, now), now);
            clockwork.settle(now);
            return null;
        });
    }

    /** The operation names this part registers (REST spec operationIds), for fault rules and request counts. */
    public static List<String> operations() {
        List<String> names = new ArrayList<>(PoolHandlers.operations());
        names.addAll(DataPlaneHandlers.operations());
        names.add(VmSkuHandlers.OPERATION);
        return names;
    }

    /**
     * Seeds a Batch account (Microsoft Entra ID auth mode, Batch service allocation mode). Every VM family of the
     * simulator's size table gets the dedicated core quota as its family quota.
     */
    public void addAccount(String subscriptionId, String resourceGroup, String accountName, String location,
                           int dedicatedCoreQuota, int lowPriorityCoreQuota) {
        state.write(() -> {
            store.add(new SimAccount(subscriptionId, resourceGroup, accountName,
                    SimRegions.require(location), dedicatedCoreQuota, lowPriorityCoreQuota));
            return null;
        });
    }

    /**
     * Seeds a Batch account in UserSubscription pool allocation mode: its nodes are VMs in its own subscription, bound
     * by the subscription's regional Compute quotas (see {@link #useSubscriptionQuotas}), and the account reports no
     * core quotas of its own.
     */
    public void addUserSubscriptionAccount(String subscriptionId, String resourceGroup, String accountName, String location) {
        state.write(() -> {
            SimAccount account = new SimAccount(subscriptionId, resourceGroup, accountName, SimRegions.require(location), 0, 0);
            account.poolAllocationMode = "UserSubscription";
            account.familyQuota.clear();
            store.add(account);
            return null;
        });
    }

    /** Where UserSubscription-mode allocations find the subscription's regional limits (the Compute part). */
    public void useSubscriptionQuotas(SubscriptionQuotas quotas) {
        state.write(() -> {
            store.subscriptionQuotas = quotas;
            return null;
        });
    }

    /** Withdraws a VM size from a region: no longer listed there, and refused for new pools and size changes. */
    public void withdrawVmSize(String location, String vmSize) {
        state.write(() -> store.withdrawnSizes.add(BatchStore.sizeKey(location, vmSize)));
    }

    public void restoreVmSize(String location, String vmSize) {
        state.write(() -> store.withdrawnSizes.remove(BatchStore.sizeKey(location, vmSize)));
    }

    /**
     * From now on Batch refuses, when a pool is created, replaced or patched, any autoscale formula containing
     * {@code fragment} (400 AutoScalingFormulaSyntaxError): the simulator's stand-in for a formula that validated once
     * and no longer does (a variable or function the service stopped accepting). Pools already running it keep it.
     */
    public void refuseFormulasContaining(String fragment) {
        state.write(() -> store.refusedFormulaFragments.add(fragment));
    }

    public void acceptFormulasContaining(String fragment) {
        state.write(() -> store.refusedFormulaFragments.remove(fragment));
    }

    /** The VMs of UserSubscription-mode accounts' nodes in this subscription and region, for Compute's usages. */
    public RegionalVms regionalVms(String subscriptionId, String location) {
        return state.read(() -> {
            Map<String, Long> byFamily = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            long dedicated = 0;
            long lowPriority = 0;
            long vms = 0;
            for (SimAccount account : CoreQuota.sharing(store, subscriptionId, SimRegions.normalize(location))) {
                for (SimPool pool : account.pools()) {
                    long d = pool.nodes(true) * pool.vmSize.cores();
                    byFamily.merge(pool.vmSize.family(), d, Long::sum);
                    dedicated += d;
                    lowPriority += pool.nodes(false) * pool.vmSize.cores();
                    vms += pool.nodes.size();
                }
            }
            return new RegionalVms(byFamily, dedicated, lowPriority, vms);
        });
    }

    /** Every VM family of the simulator's size catalogue, as Compute lists a usage counter for each. */
    public static List<String> vmFamilies() {
        return List.copyOf(VmSizes.families());
    }

    /** Sets one VM family's dedicated core quota, e.g. to see AccountCoreQuotaReached. */
    public void setFamilyCoreQuota(String accountId, String family, int cores) {
        state.write(() -> {
            account(accountId).familyQuota.put(family, cores);
            return null;
        });
    }

    /**
     * Whether the account enforces its per-family dedicated core quota (dedicatedCoreQuotaPerVMFamilyEnforced); when
     * not, only dedicatedCoreQuota binds dedicated nodes. Without {@code listFamilies} the account also answers no
     * dedicatedCoreQuotaPerVMFamily at all, as accounts created before per-family quotas may.
     */
    public void setFamilyCoreQuotaEnforced(String accountId, boolean enforced, boolean listFamilies) {
        state.write(() -> {
            SimAccount account = account(accountId);
            account.familyQuotaEnforced = enforced;
            if (!listFamilies) {
                account.familyQuota.clear();
            }
            account.listFamilyQuotas = listFamilies;
            return null;
        });
    }

    /**
     * Deallocates up to {@code count} idle nodes of the pool, as Node_Deallocate would: each goes deallocating, then
     * deallocated, stays in the pool and runs nothing. Returns how many were deallocated.
     */
    public int deallocateNodes(String accountId, String poolName, int count) {
        return state.write(() -> {
            Instant now = state.clock().now();
            SimPool pool = account(accountId).pool(poolName)
                    .orElseThrow(() -> new IllegalArgumentException("no pool " + poolName + " in " + accountId));
            int done = 0;
            for (SimNode node : pool.nodes) {
                if (done < count && "idle".equals(node.state) && !node.removing) {
                    node.moveTo("deallocating", now, now.plus(Timings.DEALLOCATING));
                    done++;
                }
            }
            return done;
        });
    }

    /** Sets the account's pool quota (default 100), e.g. to see PoolQuotaReached without creating 100 pools. */
    public void setPoolQuota(String accountId, int pools) {
        state.write(() -> {
            account(accountId).poolQuota = pools;
            return null;
        });
    }

    /** Items per page on pool, node and job lists when the client asks for no maxresults (default 10). */
    public void setPageSize(int pageSize) {
        state.write(() -> {
            store.pageSize = Math.max(1, pageSize);
            return null;
        });
    }

    /** The most items any page holds, whatever the client's maxresults (default 1,000): a smaller service page. */
    public void setMaxPageSize(int maxPageSize) {
        state.write(() -> {
            store.maxPageSize = Math.max(1, maxPageSize);
            return null;
        });
    }

    /** Seeds an active job on a pool of the account. */
    public void addJob(String accountId, String jobId, String poolName) {
        state.write(() -> {
            SimAccount account = account(accountId);
            Instant now = state.clock().now();
            if (account.job(jobId).isPresent()) {
                throw new IllegalArgumentException("job " + jobId + " exists already in " + accountId);
            }
            account.putJob(new SimJob(account, jobId, poolName, now));
            return null;
        });
    }

    /** Seeds a task that runs for {@code runtime} of simulated time once a node picks it up. */
    public void addTask(String accountId, String jobId, String taskId, Duration runtime) {
        state.write(() -> {
            SimAccount account = account(accountId);
            Instant now = state.clock().now();
            SimJob job = account.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId + " in " + accountId));
            job.putTask(new SimTask(job, taskId, runtime, now));
            job.stamp(now);
            clockwork.settle(now);
            return null;
        });
    }

    /**
     * Someone else terminates a job (Job_Terminate, which the app never calls): its running tasks are terminated and the
     * job is completed. Terminating is skipped: Batch passes through it quickly and the app treats both alike.
     */
    public void terminateJob(String accountId, String jobId) {
        state.write(() -> {
            Instant now = state.clock().now();
            SimJob job = account(accountId).job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
            tasks.end(job, now);
            job.moveTo("completed", now);
            clockwork.settle(now);
            return null;
        });
    }

    /** Someone else deletes a job (Job_Delete, which the app never calls): running tasks end and the job is gone. */
    public void deleteJob(String accountId, String jobId) {
        state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(accountId);
            SimJob job = account.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
            tasks.end(job, now);
            account.removeJob(job);
            clockwork.settle(now);
            return null;
        });
    }

    /** Whether a seeded account lives in this subscription (creating one registers Microsoft.Batch there). */
    public boolean hasAccountIn(String subscriptionId) {
        return state.read(() -> store.all().stream().anyMatch(a -> a.subscriptionId.equalsIgnoreCase(subscriptionId)));
    }

    public TaskCounters counters() {
        return state.read(tasks::counters);
    }

    private SimAccount account(String accountId) {
        return store.byId(accountId).orElseThrow(() -> new IllegalArgumentException("no Batch account " + accountId));
    }
}
