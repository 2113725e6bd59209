package io.batchrollout.sim.batch;

import java.util.List;

/**
 * The account's core quotas as Batch applies them to a resize: dedicated cores in total and per VM family
 * (dedicatedCoreQuotaPerVMFamilyEnforced), low-priority cores in total. Nodes beyond the quota are not allocated;
 * the resize ends with AccountCoreQuotaReached / AccountLowPriorityCoreQuotaReached.
 */
final class CoreQuota {
    private CoreQuota() {
    }

    static void cap(SimPool pool, ResizeOperation op) {
        SimAccount account = pool.account;
        int cores = pool.vmSize.cores();
        if (op.remainingDedicated > 0) {
            int total = freeCores(account, pool, true, null, account.dedicatedCoreQuota);
            int family = freeCores(account, pool, true, pool.vmSize.family(),
                    account.familyQuota.getOrDefault(pool.vmSize.family(), 0));
            int fits = Math.max(0, Math.min(total, family) / cores);
            if (op.remainingDedicated > fits) {
                op.remainingDedicated = fits;
                op.errors.add(new ResizeOperation.ResizeError("AccountCoreQuotaReached", family < total
                        ? "The specified account has reached its dedicated core quota for VM family " + pool.vmSize.family()
                        : "The specified account has reached its dedicated core quota", List.of()));
            }
        }
        if (op.remainingLowPriority > 0) {
            int fits = Math.max(0, freeCores(account, pool, false, null, account.lowPriorityCoreQuota) / cores);
            if (op.remainingLowPriority > fits) {
                op.remainingLowPriority = fits;
                op.errors.add(new ResizeOperation.ResizeError("AccountLowPriorityCoreQuotaReached",
                        "The specified account has reached its low priority core quota", List.of()));
            }
        }
    }

    /** Quota minus the cores of every node that stays or is still to come, in this pool and the others. */
    private static int freeCores(SimAccount account, SimPool resized, boolean dedicated, String family, int quota) {
        int used = 0;
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
        return quota - used;
    }
}
