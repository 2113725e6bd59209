package io.batchrollout.core.capacity;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.port.BatchPools;
import io.batchrollout.port.ComputeUsages;
import java.util.Optional;

/**
 * Reads a {@link Capacity} when new nodes are about to be asked for: the account afresh (quotas change), the region's
 * sizes from the catalog, and the subscription's regional usages only for a UserSubscription-mode account, afresh
 * each time (usage moves with every VM). Costs one account read, one usages read in user subscription mode, and a
 * paged SKU list only when the catalog's copy is missing or stale.
 */
public final class CapacityReader {
    private final BatchPools pools;
    private final VmSkuCatalog skus;
    private final ComputeUsages usages;

    public CapacityReader(BatchPools pools, VmSkuCatalog skus, ComputeUsages usages) {
        this.pools = pools;
        this.skus = skus;
        this.usages = usages;
    }

    public Capacity read(BatchAccountId id) {
        BatchAccount account = pools.account(id);
        RegionSkus regionSkus = skus.skus(id.subscriptionId(), account.location());
        return new Capacity(account, regionSkus, Capacity.userSubscription(account)
                ? Optional.of(usages.regionalUsages(id.subscriptionId(), regionSkus.location())) : Optional.empty());
    }
}
