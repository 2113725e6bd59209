package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import java.util.List;
import java.util.Optional;

/**
 * Whether a blue-green candidate fits the account's core quotas next to every pool that is there now: Batch would
 * otherwise allocate part of the candidate and stop with AccountCoreQuotaReached, a half-started rollout holding
 * cores. A pool counts with the larger of its current nodes and its fixed targets (it may still grow to them).
 */
public final class CoreQuotaCheck {
    private CoreQuotaCheck() {
    }

    /** Why the candidate does not fit, with the numbers, or empty when it fits. */
    public static Optional<String> refusal(BatchAccount account, List<Pool> pools, String vmSize, int dedicated,
                                           int lowPriority) {
        Optional<VmCores> size = VmCores.of(vmSize);
        if (size.isEmpty()) {
            return Optional.of("core quota: the cores of VM size " + vmSize + " are not known to the app, so the "
                    + "candidate cannot be checked against the quota");
        }
        String family = size.get().family();
        int neededDedicated = dedicated * size.get().cores();
        int neededLow = lowPriority * size.get().cores();
        int familyInUse = 0;
        int dedicatedInUse = 0;
        int lowInUse = 0;
        for (Pool pool : pools) {
            Optional<VmCores> other = VmCores.of(pool.vmSize());
            if (other.isEmpty()) {
                return Optional.of("core quota: pool " + pool.id().poolName() + " uses VM size " + pool.vmSize()
                        + ", whose cores are not known to the app, so the account's cores in use cannot be counted");
            }
            int d = Math.max(pool.currentDedicatedNodes(), fixedTarget(pool, true)) * other.get().cores();
            dedicatedInUse += d;
            if (other.get().family().equalsIgnoreCase(family)) {
                familyInUse += d;
            }
            lowInUse += Math.max(pool.currentLowPriorityNodes(), fixedTarget(pool, false)) * other.get().cores();
        }
        if (account.dedicatedCoreQuotaPerVmFamilyEnforced() && neededDedicated > 0) {
            int quota = account.dedicatedCoreQuotaPerVmFamily().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(family)).mapToInt(e -> e.getValue()).findFirst().orElse(0);
            if (familyInUse + neededDedicated > quota) {
                return Optional.of(text("dedicated cores of family " + family, neededDedicated, familyInUse, quota));
            }
        }
        if (neededDedicated > 0 && dedicatedInUse + neededDedicated > account.dedicatedCoreQuota()) {
            return Optional.of(text("dedicated cores (family " + family + ")", neededDedicated, dedicatedInUse,
                    account.dedicatedCoreQuota()));
        }
        if (neededLow > 0 && lowInUse + neededLow > account.lowPriorityCoreQuota()) {
            return Optional.of(text("low-priority cores (family " + family + ")", neededLow, lowInUse,
                    account.lowPriorityCoreQuota()));
        }
        return Optional.empty();
    }

    private static String text(String what, int needed, int inUse, int quota) {
        return "core quota: the candidate needs " + needed + " " + what + ", " + inUse + " are in use, the quota is "
                + quota + " (" + (quota - inUse) + " free)";
    }

    private static int fixedTarget(Pool pool, boolean dedicated) {
        return pool.scaleSettings() instanceof ScaleSettings.FixedScale f
                ? (dedicated ? f.targetDedicatedNodes() : f.targetLowPriorityNodes()) : 0;
    }
}
