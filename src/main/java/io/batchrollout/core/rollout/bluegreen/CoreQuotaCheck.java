package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.model.ComputeUsage;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import java.util.List;
import java.util.Optional;

/**
 * Whether a blue-green candidate fits the quotas that bind its account, next to every pool that is there now: Batch
 * would otherwise allocate part of the candidate and stop at the quota, a half-started rollout holding cores. Cores
 * and families come from the sizes Batch lists for the region; a size it does not list is one it will not create.
 * <ul>
 * <li>BatchService mode: the account's quotas (dedicated per family when enforced, dedicated in total, low-priority in
 * total). A pool counts with the larger of its current nodes and its fixed targets (it may still grow to them).</li>
 * <li>UserSubscription mode: the account has no core quotas; the subscription's regional Compute quotas bind (the
 * family's vCPUs and total regional vCPUs for dedicated nodes, low-priority vCPUs for Spot/low-priority nodes). Their
 * usage already counts every allocated VM, so the account's pools add only what they are still to allocate (fixed
 * targets above current nodes).</li>
 * </ul>
 */
public final class CoreQuotaCheck {
    private CoreQuotaCheck() {
    }

    /** Why the candidate does not fit, with the numbers, or empty when it fits. */
    public static Optional<String> refusal(Capacity capacity, List<Pool> pools, String vmSize, int dedicated,
                                           int lowPriority) {
        Optional<VmSku> size = capacity.skus().find(vmSize);
        if (size.isEmpty()) {
            return Optional.of("VM size " + vmSize + " is not among the " + capacity.skus().skus().size()
                    + " sizes Batch supports in " + capacity.skus().location() + " (Location_ListSupportedVirtualMachineSkus)"
                    + ", so Batch would not create the candidate there");
        }
        Demand demand = new Demand(size.get(), dedicated * size.get().vCpus(), lowPriority * size.get().vCpus());
        return capacity.userSubscription() ? subscription(capacity, pools, demand) : account(capacity, pools, demand);
    }

    private record Demand(VmSku sku, int dedicated, int lowPriority) {
    }

    /** Cores the account's pools hold or may still grow to, counted per {@code counted(pool, dedicated)} nodes. */
    private record Held(int familyDedicated, int dedicated, int lowPriority, Optional<String> uncountable) {
    }

    private static Optional<String> account(Capacity capacity, List<Pool> pools, Demand demand) {
        Held held = held(capacity, pools, demand.sku().family(), false);
        if (held.uncountable().isPresent()) {
            return held.uncountable();
        }
        String family = demand.sku().family();
        var account = capacity.account();
        if (account.dedicatedCoreQuotaPerVmFamilyEnforced() && demand.dedicated() > 0) {
            int quota = account.dedicatedCoreQuotaPerVmFamily().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(family)).mapToInt(e -> e.getValue()).findFirst().orElse(0);
            if (held.familyDedicated() + demand.dedicated() > quota) {
                return Optional.of(text("dedicated cores of family " + family, demand.dedicated(), held.familyDedicated(), quota));
            }
        }
        if (demand.dedicated() > 0 && held.dedicated() + demand.dedicated() > account.dedicatedCoreQuota()) {
            return Optional.of(text("dedicated cores (family " + family + ")", demand.dedicated(), held.dedicated(),
                    account.dedicatedCoreQuota()));
        }
        if (demand.lowPriority() > 0 && held.lowPriority() + demand.lowPriority() > account.lowPriorityCoreQuota()) {
            return Optional.of(text("low-priority cores (family " + family + ")", demand.lowPriority(), held.lowPriority(),
                    account.lowPriorityCoreQuota()));
        }
        return Optional.empty();
    }

    private static Optional<String> subscription(Capacity capacity, List<Pool> pools, Demand demand) {
        Held pending = held(capacity, pools, demand.sku().family(), true);
        if (pending.uncountable().isPresent()) {
            return pending.uncountable();
        }
        String family = demand.sku().family();
        if (demand.dedicated() > 0) {
            Optional<String> refused = regional(capacity, family, "vCPUs of family " + family, demand.dedicated(),
                    pending.familyDedicated());
            if (refused.isEmpty()) {
                refused = regional(capacity, ComputeUsage.TOTAL_CORES, "total regional vCPUs (family " + family + ")",
                        demand.dedicated(), pending.dedicated());
            }
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (demand.lowPriority() > 0) {
            return regional(capacity, ComputeUsage.LOW_PRIORITY_CORES, "low-priority/Spot vCPUs (family " + family + ")",
                    demand.lowPriority(), pending.lowPriority());
        }
        return Optional.empty();
    }

    private static Optional<String> regional(Capacity capacity, String counter, String what, int needed, int pending) {
        String where = "the subscription's " + capacity.skus().location() + " quota";
        Optional<ComputeUsage> usage = capacity.usage(counter);
        if (usage.isEmpty()) {
            return Optional.of(where + ": the candidate needs " + needed + " " + what + ", but Compute reports no usage "
                    + "named " + counter + " there, so it cannot be checked");
        }
        long current = usage.get().currentValue();
        long limit = usage.get().limit();
        if (current + pending + needed > limit) {
            return Optional.of(where + ": the candidate needs " + needed + " " + what + ", " + current
                    + " are in use in the subscription and " + pending + " more are still to be allocated to the "
                    + "account's pools, the limit is " + limit + " (" + (limit - current - pending) + " free)");
        }
        return Optional.empty();
    }

    private static String text(String what, int needed, int inUse, int quota) {
        return "the Batch account's core quota: the candidate needs " + needed + " " + what + ", " + inUse
                + " are in use, the quota is " + quota + " (" + (quota - inUse) + " free)";
    }

    /**
     * With {@code pendingOnly}, only the nodes a pool is still to get (targets above current nodes); otherwise
     * the larger of current nodes and targets (fixed, or an autoscaled pool's last evaluated targets). A pool whose cores count but whose size the region does not list
     * makes the sum uncountable.
     */
    private static Held held(Capacity capacity, List<Pool> pools, String family, boolean pendingOnly) {
        int familyDedicated = 0;
        int dedicated = 0;
        int lowPriority = 0;
        for (Pool pool : pools) {
            int d = counted(pool.currentDedicatedNodes(), fixedTarget(pool, true), pendingOnly);
            int l = counted(pool.currentLowPriorityNodes(), fixedTarget(pool, false), pendingOnly);
            if (d == 0 && l == 0) {
                continue;
            }
            Optional<VmSku> size = capacity.skus().find(pool.vmSize());
            if (size.isEmpty()) {
                return new Held(0, 0, 0, Optional.of("pool " + pool.id().poolName() + " uses VM size " + pool.vmSize()
                        + ", which Batch does not list in " + capacity.skus().location() + ", so the cores it "
                        + (pendingOnly ? "is still to allocate" : "holds") + " cannot be counted"));
            }
            dedicated += d * size.get().vCpus();
            if (size.get().family().equalsIgnoreCase(family)) {
                familyDedicated += d * size.get().vCpus();
            }
            lowPriority += l * size.get().vCpus();
        }
        return new Held(familyDedicated, dedicated, lowPriority, Optional.empty());
    }

    private static int counted(int current, int target, boolean pendingOnly) {
        return pendingOnly ? Math.max(0, target - current) : Math.max(current, target);
    }

    /** The fixed targets, or what an autoscaled pool's last evaluation asked for: it may still grow to either. */
    private static int fixedTarget(Pool pool, boolean dedicated) {
        if (pool.scaleSettings() instanceof ScaleSettings.FixedScale f) {
            return dedicated ? f.targetDedicatedNodes() : f.targetLowPriorityNodes();
        }
        var planned = PlannedNodes.autoscaled(pool);
        return dedicated ? planned.dedicated() : planned.lowPriority();
    }
}
