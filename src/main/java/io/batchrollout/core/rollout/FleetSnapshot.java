package io.batchrollout.core.rollout;

import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * What one pass observes in bulk before deciding anything, like an informer's cache: every configured account's pools,
 * one list per account (all pages, at the largest page ARM serves: the adapter asks for it), and the managed pools the
 * pass selected. Everything a pool at rest needs is in here or in the pass's shared gallery reads, so the reads of a
 * pass at rest do not grow with the number of pools.
 *
 * @param everyPool every listed pool of every readable account, managed or not (waves count them all)
 * @param managed   the selected managed pools, in the accounts' listing order
 * @param unread    accounts that could not be read, with Azure's answer
 */
record FleetSnapshot(List<Pool> everyPool, List<Managed> managed, List<PassReport.UnreadAccount> unread) {

    /** A pool the pass decides for, with its account and the account's list (blue-green needs its group). */
    record Managed(int index, BatchAccount account, Pool pool, RolloutPolicy policy, List<Pool> listed) {
    }

    /** The accounts are listed side by side, at most {@code parallel} at once (the same bound as the pass's writes). */
    static FleetSnapshot read(List<BatchAccountId> accounts, BatchAccountCache accountCache, BatchPools pools,
                              Predicate<RolloutPolicy> selected, int parallel) {
        record Listing(BatchAccountId id, BatchAccount account, List<Pool> listed, AzureCallException failed) {
        }
        List<Callable<Listing>> reads = accounts.stream().<Callable<Listing>>map(id -> () -> {
            try {
                return new Listing(id, accountCache.get(id), pools.list(id), null);
            } catch (AzureCallException e) {
                return new Listing(id, null, List.of(), e);
            }
        }).toList();
        List<PassReport.UnreadAccount> unread = new ArrayList<>();
        List<Pool> everyPool = new ArrayList<>();
        List<Managed> managed = new ArrayList<>();
        for (Listing listing : FleetReads.inParallel(reads, parallel)) {
            if (listing.failed() != null) {
                AzureCallException e = listing.failed();
                unread.add(new PassReport.UnreadAccount(listing.id().accountName(), e.status(), e.code()));
                continue;
            }
            everyPool.addAll(listing.listed());
            for (Pool pool : listing.listed()) {
                Optional<RolloutPolicy> policy = RolloutPolicy.of(pool);
                if (policy.isPresent() && selected.test(policy.get())) {
                    managed.add(new Managed(managed.size(), listing.account(), pool, policy.get(), listing.listed()));
                }
            }
        }
        return new FleetSnapshot(everyPool, managed, unread);
    }

    List<String> unreadAccountNames() {
        return unread.stream().map(PassReport.UnreadAccount::account).toList();
    }
}
