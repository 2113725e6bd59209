package io.batchrollout.core.capacity;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ComputeUsage;
import java.util.List;
import java.util.Optional;

/**
 * What decides whether new nodes fit: the account (read afresh, its quotas bind in BatchService mode), the sizes
 * Batch supports in its region, and, for a UserSubscription-mode account only, the subscription's regional Compute
 * usages (its quotas bind there instead of the account's).
 */
public record Capacity(BatchAccount account, RegionSkus skus, Optional<List<ComputeUsage>> regionalUsages) {
    public static final String USER_SUBSCRIPTION = "UserSubscription";

    public Capacity {
        regionalUsages = regionalUsages.map(List::copyOf);
        if (userSubscription(account) && regionalUsages.isEmpty()) {
            throw new IllegalArgumentException("a UserSubscription-mode account needs the subscription's regional usages");
        }
    }

    public static boolean userSubscription(BatchAccount account) {
        return USER_SUBSCRIPTION.equalsIgnoreCase(account.poolAllocationMode());
    }

    public boolean userSubscription() {
        return userSubscription(account);
    }

    public Optional<ComputeUsage> usage(String counter) {
        return regionalUsages.orElse(List.of()).stream().filter(u -> u.named(counter)).findFirst();
    }
}
