package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.DeciderFixtures.ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.capacity.RegionSkus;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ComputeUsage;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.VmSku;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The quota check on hand-built capacity: the account's quotas in BatchService mode, the subscription's otherwise. */
class CoreQuotaCheckTest {
    static final RegionSkus SKUS = new RegionSkus("northeurope", List.of(
            new VmSku("Standard_D2s_v3", "standardDSv3Family", 2),
            new VmSku("Standard_D4s_v3", "standardDSv3Family", 4),
            new VmSku("Standard_F4s_v2", "standardFSv2Family", 4)));

    static Pool pool(String name, String vmSize, int current, int target, int lowCurrent, int lowTarget) {
        return new Pool(ACCOUNT.pool(name), "\"e\"", "Succeeded", OffsetDateTime.now(), vmSize, "img",
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(target, lowTarget, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), "Steady", OffsetDateTime.now(), current, lowCurrent,
                List.of(), Optional.empty(), List.of());
    }

    static Capacity batchService(int familyQuota, int total, int lowPriority) {
        return new Capacity(new BatchAccount(ACCOUNT, "northeurope", "acc.northeurope.batch.azure.com", "BatchService",
                total, lowPriority, true, Map.of("standardDSv3Family", familyQuota, "standardFSv2Family", familyQuota), 100),
                SKUS, Optional.empty());
    }

    /** A UserSubscription account reports no quotas of its own (0 here, as the adapter maps the missing values). */
    static Capacity userSubscription(ComputeUsage... usages) {
        return new Capacity(new BatchAccount(ACCOUNT, "northeurope", "acc.northeurope.batch.azure.com", "UserSubscription",
                0, 0, false, Map.of(), 100), SKUS, Optional.of(List.of(usages)));
    }

    static String refused(Optional<String> refusal) {
        assertTrue(refusal.isPresent(), "expected a refusal");
        return refusal.get();
    }

    @Test
    void batchServiceModeRefusesWhatExceedsTheAccountFamilyQuotaWithTheNumbers() {
        String reason = refused(CoreQuotaCheck.refusal(batchService(24, 1000, 0),
                List.of(pool("render", "Standard_D2s_v3", 10, 10, 0, 0)), "Standard_D2s_v3", 10, 0));
        assertTrue(reason.contains("the Batch account's core quota: the candidate needs 20 dedicated cores of family "
                + "standardDSv3Family, 20 are in use, the quota is 24 (4 free)"), reason);
    }

    @Test
    void anAutoscaledPoolHoldsTheCoresItsLastEvaluationAskedForNotOnlyWhatItRunsNow() {
        Pool growing = new Pool(ACCOUNT.pool("queue"), "\"e\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3", "img",
                "batch.node.ubuntu 22.04", new ScaleSettings.AutoScale("$TargetDedicatedNodes=8;", Duration.ofMinutes(5)),
                "Resizing", OffsetDateTime.now(), 2, 0, List.of(), Optional.empty(), List.of())
                .withAutoScaleRun(Optional.of(PoolAutoScaleRun.of(Instant.parse("2026-11-26T10:00:00Z"),
                        "$TargetDedicatedNodes=8;$TargetLowPriorityNodes=0", Optional.empty())));
        String reason = refused(CoreQuotaCheck.refusal(batchService(24, 1000, 0), List.of(growing), "Standard_D2s_v3", 5, 0));
        assertTrue(reason.contains("the candidate needs 10 dedicated cores of family standardDSv3Family, 16 are in use"), reason);
    }

    @Test
    void batchServiceModeTakesCoresAndFamilyFromTheRegionsSkuList() {
        Capacity capacity = batchService(40, 1000, 0);
        List<Pool> pools = List.of(pool("render", "Standard_D4s_v3", 5, 5, 0, 0), pool("other", "Standard_F4s_v2", 9, 9, 0, 0));
        assertEquals(Optional.empty(), CoreQuotaCheck.refusal(capacity, pools, "standard_d4S_V3", 5, 0),
                "20 DSv3 cores in use + 20 needed fit 40; the FSv2 pool is another family");
        String reason = refused(CoreQuotaCheck.refusal(capacity, pools, "Standard_D4s_v3", 6, 0));
        assertTrue(reason.contains("needs 24 dedicated cores of family standardDSv3Family, 20 are in use, the quota is 40 (20 free)"), reason);
    }

    @Test
    void batchServiceModeRefusesLowPriorityBeyondTheAccountsLowPriorityQuota() {
        String reason = refused(CoreQuotaCheck.refusal(batchService(100, 1000, 10),
                List.of(pool("render", "Standard_D2s_v3", 0, 0, 3, 3)), "Standard_D2s_v3", 0, 3));
        assertTrue(reason.contains("needs 6 low-priority cores (family standardDSv3Family), 6 are in use, the quota is 10 (4 free)"), reason);
    }

    @Test
    void aSizeTheRegionDoesNotListIsRefusedBecauseBatchWouldNotCreateIt() {
        String reason = refused(CoreQuotaCheck.refusal(batchService(1000, 1000, 1000), List.of(), "Standard_D2s_v9", 1, 0));
        assertEquals("VM size Standard_D2s_v9 is not among the 3 sizes Batch supports in northeurope "
                + "(Location_ListSupportedVirtualMachineSkus), so Batch would not create the candidate there", reason);
    }

    @Test
    void aPoolOnAnUnlistedSizeMakesTheAccountsCoresUncountable() {
        String reason = refused(CoreQuotaCheck.refusal(batchService(1000, 1000, 0),
                List.of(pool("legacy", "Standard_A4_v2", 2, 2, 0, 0)), "Standard_D2s_v3", 1, 0));
        assertTrue(reason.contains("pool legacy uses VM size Standard_A4_v2, which Batch does not list in northeurope"), reason);
    }

    @Test
    void userSubscriptionModeIgnoresTheAccountAndRefusesBeyondTheSubscriptionsFamilyLimit() {
        Capacity capacity = userSubscription(new ComputeUsage("cores", 40, 350),
                new ComputeUsage("standardDSv3Family", 40, 48), new ComputeUsage("lowPriorityCores", 0, 100));
        String reason = refused(CoreQuotaCheck.refusal(capacity, List.of(pool("render", "Standard_D2s_v3", 10, 10, 0, 0)),
                "Standard_D2s_v3", 10, 0));
        assertEquals("the subscription's northeurope quota: the candidate needs 20 vCPUs of family standardDSv3Family, "
                + "40 are in use in the subscription and 0 more are still to be allocated to the account's pools, the limit "
                + "is 48 (8 free)", reason);
        assertEquals(Optional.empty(), CoreQuotaCheck.refusal(capacity, List.of(), "Standard_D2s_v3", 4, 0),
                "8 vCPUs fit the 8 free, although the account itself has a quota of 0");
    }

    @Test
    void userSubscriptionModeCountsOnlyWhatTheAccountsPoolsAreStillToAllocate() {
        // usage already holds the 4 allocated nodes of "growing"; its 6 missing nodes (12 vCPUs) are still to come
        Capacity capacity = userSubscription(new ComputeUsage("cores", 8, 350),
                new ComputeUsage("standardDSv3Family", 8, 40), new ComputeUsage("lowPriorityCores", 0, 100));
        List<Pool> pools = List.of(pool("growing", "Standard_D2s_v3", 4, 10, 0, 0), pool("render", "Standard_D4s_v3", 0, 0, 0, 0));
        assertEquals(Optional.empty(), CoreQuotaCheck.refusal(capacity, pools, "Standard_D4s_v3", 5, 0), "8 + 12 + 20 = 40");
        String reason = refused(CoreQuotaCheck.refusal(capacity, pools, "Standard_D4s_v3", 6, 0));
        assertTrue(reason.contains("needs 24 vCPUs of family standardDSv3Family, 8 are in use in the subscription and 12 "
                + "more are still to be allocated to the account's pools, the limit is 40 (20 free)"), reason);
    }

    @Test
    void userSubscriptionModeRefusesBeyondTheTotalRegionalVcpus() {
        Capacity capacity = userSubscription(new ComputeUsage("cores", 90, 100),
                new ComputeUsage("standardDSv3Family", 0, 100), new ComputeUsage("lowPriorityCores", 0, 100));
        String reason = refused(CoreQuotaCheck.refusal(capacity, List.of(), "Standard_D4s_v3", 3, 0));
        assertTrue(reason.contains("needs 12 total regional vCPUs (family standardDSv3Family), 90 are in use in the "
                + "subscription and 0 more are still to be allocated to the account's pools, the limit is 100 (10 free)"), reason);
    }

    @Test
    void userSubscriptionModeCountsLowPriorityNodesAgainstLowPriorityCoresOnly() {
        Capacity capacity = userSubscription(new ComputeUsage("cores", 100, 100),
                new ComputeUsage("standardDSv3Family", 100, 100), new ComputeUsage("lowPriorityCores", 10, 20));
        assertEquals(Optional.empty(), CoreQuotaCheck.refusal(capacity, List.of(), "Standard_D2s_v3", 0, 5),
                "full dedicated quotas do not bind Spot/low-priority nodes");
        String reason = refused(CoreQuotaCheck.refusal(capacity, List.of(pool("spot", "Standard_D2s_v3", 0, 0, 2, 4)),
                "Standard_D2s_v3", 0, 4));
        assertTrue(reason.contains("needs 8 low-priority/Spot vCPUs (family standardDSv3Family), 10 are in use in the "
                + "subscription and 4 more are still to be allocated to the account's pools, the limit is 20 (6 free)"), reason);
    }

    @Test
    void userSubscriptionModeRefusesWhenComputeReportsNoCounterForTheFamily() {
        Capacity capacity = userSubscription(new ComputeUsage("cores", 0, 100));
        String reason = refused(CoreQuotaCheck.refusal(capacity, List.of(), "Standard_F4s_v2", 1, 0));
        assertTrue(reason.contains("Compute reports no usage named standardFSv2Family there"), reason);
    }
}
