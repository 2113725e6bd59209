package io.batchrollout.sim.batch;

import io.batchrollout.sim.SimRegions;
import java.util.List;

/**
 * The core quotas Batch applies to a resize. BatchService mode: the account's dedicated cores in total and per VM
 * family (dedicatedCoreQuotaPerVMFamilyEnforced), low-priority cores in total; nodes beyond them are not allocated
 * and the resize ends with AccountCoreQuotaReached / AccountLowPriorityCoreQuotaReached. UserSubscription mode: the
 * account has no core quotas; the nodes are VMs in the subscription, under its regional Compute quotas (family vCPUs
 * and total regional vCPUs for dedicated nodes, low-priority vCPUs for Spot/low-priority nodes), shared with every
 * other VM there ({@link SubscriptionQuotas#baseline}) and every UserSubscription account of that subscription and
 * region. Batch's resize error for a subscription quota is not documented; the simulator reports AllocationFailed with
 * Compute's quota message.
 */
final class CoreQuota {
    private CoreQuota() {
    }

    static void cap(SimPool pool, ResizeOperation op, BatchStore store) {
        if (pool.account.userSubscription()) {
            capBySubscription(pool, op, store);
            return;
        }
        SimAccount account = pool.account;
        int cores = pool.vmSize.cores();
        if (op.remainingDedicated > 0) {
            int total = freeCores(List.of(account), pool, true, null, account.dedicatedCoreQuota);
            // An account that does not enforce per-family quotas is bound by its total dedicated cores alone.
            int family = account.familyQuotaEnforced ? freeCores(List.of(account), pool, true, pool.vmSize.family(),
                    account.familyQuota.getOrDefault(pool.vmSize.family(), 0)) : Integer.MAX_VALUE;
            int fits = Math.max(0, Math.min(total, family) / cores);
            if (op.remainingDedicated > fits) {
                op.remainingDedicated = fits;
                op.errors.add(new ResizeOperation.ResizeError("AccountCoreQuotaReached", family < total
                        ? "The specified account has reached its dedicated core quota for VM family " + pool.vmSize.family()
                        : "The specified account has reached its dedicated core quota", List.of()));
            }
        }
        if (op.remainingLowPriority > 0) {
            int fits = Math.max(0, freeCores(List.of(account), pool, false, null, account.lowPriorityCoreQuota) / cores);
            if (op.remainingLowPriority > fits) {
                op.remainingLowPriority = fits;
                op.errors.add(new ResizeOperation.ResizeError("AccountLowPriorityCoreQuotaReached",
                        "The specified account has reached its low priority core quota", List.of()));
            }
        }
    }

    private static void capBySubscription(SimPool pool, ResizeOperation op, BatchStore store) {
        SimAccount account = pool.account;
        String sub = account.subscriptionId;
        String region = SimRegions.normalize(account.location);
        List<SimAccount> sharing = sharing(store, sub, region);
        int cores = pool.vmSize.cores();
        if (op.remainingDedicated > 0) {
            for (String counter : List.of(pool.vmSize.family(), "cores")) {
                int free = freeCores(sharing, pool, true, counter.equals("cores") ? null : counter,
                        (int) Math.min(Integer.MAX_VALUE, store.subscriptionQuotas.limit(sub, region, counter)
                                - store.subscriptionQuotas.baseline(sub, region, counter)));
                int fits = Math.max(0, free / cores);
                if (op.remainingDedicated > fits) {
                    op.errors.add(exceeded(counter, region, store, sub, free, op.remainingDedicated * cores));
                    op.remainingDedicated = fits;
                }
            }
        }
        if (op.remainingLowPriority > 0) {
            int free = freeCores(sharing, pool, false, null, (int) Math.min(Integer.MAX_VALUE,
                    store.subscriptionQuotas.limit(sub, region, "lowPriorityCores")
                            - store.subscriptionQuotas.baseline(sub, region, "lowPriorityCores")));
            int fits = Math.max(0, free / cores);
            if (op.remainingLowPriority > fits) {
                op.errors.add(exceeded("lowPriorityCores", region, store, sub, free, op.remainingLowPriority * cores));
                op.remainingLowPriority = fits;
            }
        }
    }

    private static ResizeOperation.ResizeError exceeded(String counter, String region, BatchStore store, String sub,
                                                        int free, int required) {
        long limit = store.subscriptionQuotas.limit(sub, region, counter);
        return new ResizeOperation.ResizeError("AllocationFailed", "Operation could not be completed as it results in "
                + "exceeding approved " + counter + " quota. Additional details - Location: " + region + ", Current Limit: "
                + limit + ", Current Usage: " + (limit - free) + ", Additional Required: " + required + ".", List.of());
    }

    /** The UserSubscription accounts whose VMs share the subscription's quotas in this region. */
    static List<SimAccount> sharing(BatchStore store, String subscriptionId, String region) {
        return store.all().stream().filter(SimAccount::userSubscription)
                .filter(a -> a.subscriptionId.equalsIgnoreCase(subscriptionId) && SimRegions.normalize(a.location).equals(SimRegions.normalize(region)))
                .toList();
    }

    /** Quota minus the cores of every node that stays or is still to come, in this pool and the others. */
    private static int freeCores(List<SimAccount> accounts, SimPool resized, boolean dedicated, String family, int quota) {
        int used = 0;
        for (SimAccount account : accounts) {
            for (SimPool pool : account.pools()) {
                if (family != null && !family.equalsIgnoreCase(pool.vmSize.family())) {
                    continue;
                }
                long nodes = pool.staying(dedicated);
                if (pool != resized && pool.resize != null) {
                    nodes += dedicated ? pool.resize.remainingDedicated : pool.resize.remainingLowPriority;
                }
                used += (int) nodes * pool.vmSize.cores();
            }
        }
        return quota - used;
    }
}
