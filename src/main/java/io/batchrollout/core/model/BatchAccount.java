package io.batchrollout.core.model;

import java.util.Map;

/**
 * A Batch account as the management plane reports it. {@code accountEndpoint} has no scheme
 * ("{account}.{region}.batch.azure.com"); the data plane is reached at https://{accountEndpoint}.
 * Core quotas: dedicated cores are per VM family when {@code dedicatedCoreQuotaPerVmFamilyEnforced}.
 */
public record BatchAccount(BatchAccountId id, String location, String accountEndpoint, String poolAllocationMode,
                           int dedicatedCoreQuota, int lowPriorityCoreQuota, boolean dedicatedCoreQuotaPerVmFamilyEnforced,
                           Map<String, Integer> dedicatedCoreQuotaPerVmFamily, int poolQuota) {

    public BatchAccount {
        dedicatedCoreQuotaPerVmFamily = Map.copyOf(dedicatedCoreQuotaPerVmFamily);
    }
}
