package io.batchrollout.core.pools;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolPage;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import io.batchrollout.core.rollout.gate.PhaseDeadline;

/**
 * Pages of managed pools over the ARM pages of several accounts. ARM cannot filter on metadata, so each ARM page is
 * read whole and unmanaged pools dropped; a page of the app ends after {@code pageSize} managed pools, or after
 * {@link #MAX_ARM_PAGES} ARM pages (so one call stays short even among many unmanaged pools: such a page may hold
 * fewer pools, even none, and still continue).
 */
final class ManagedPoolLister {
    static final int MAX_ARM_PAGES = 10;

    private final BatchPools pools;
    private final String resourceManagerEndpoint;
    private final BiFunction<Pool, List<Pool>, PhaseDeadline.Timing> timing;

    /** @param timing a pool's phase deadline, given the ARM page it was listed on (a blue-green candidate may be there) */
    ManagedPoolLister(BatchPools pools, String resourceManagerEndpoint, BiFunction<Pool, List<Pool>, PhaseDeadline.Timing> timing) {
        this.pools = pools;
        this.resourceManagerEndpoint = resourceManagerEndpoint;
        this.timing = timing;
    }

    ManagedPoolPage page(List<BatchAccountId> accounts, Optional<String> continuation, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one pool");
        }
        ListCursor cursor = continuation.isPresent()
                ? ListCursor.decode(continuation.get(), accounts, resourceManagerEndpoint)
                : ListCursor.start(pageSize);
        List<PoolSummary> found = new ArrayList<>();
        int account = cursor.accountIndex();
        Optional<String> link = cursor.armPage();
        int skip = cursor.skip();
        for (int armPages = 0; account < accounts.size() && armPages < MAX_ARM_PAGES; armPages++) {
            PoolPage page = pools.listPage(accounts.get(account), link, cursor.armPageSize());
            List<Pool> items = page.pools();
            for (int i = skip; i < items.size(); i++) {
                Optional<RolloutPolicy> policy = RolloutPolicy.of(items.get(i));
                if (policy.isEmpty()) {
                    continue;
                }
                if (found.size() == pageSize) {
                    return new ManagedPoolPage(found, Optional.of(
                            new ListCursor(account, link, i, cursor.armPageSize()).encode()));
                }
                found.add(PoolSummary.of(items.get(i), policy.get(), timing.apply(items.get(i), items)));
            }
            skip = 0;
            if (page.nextLink().isPresent()) {
                requireArmLink(page.nextLink().get(), accounts.get(account));
                link = page.nextLink();
            } else {
                account++;
                link = Optional.empty();
            }
            if (found.size() == pageSize) {
                break; // the next page may hold no managed pool: the client then gets one empty last page
            }
        }
        Optional<String> next = account < accounts.size()
                ? Optional.of(new ListCursor(account, link, 0, cursor.armPageSize()).encode())
                : Optional.empty();
        return new ManagedPoolPage(found, next);
    }

    /** ARM's own nextLink is checked like a client's token before the app follows or hands it out. */
    private void requireArmLink(String link, BatchAccountId account) {
        try {
            ListCursor.requireAccountPoolsLink(link, account, resourceManagerEndpoint);
        } catch (InvalidContinuationException e) {
            throw new AzureCallException.Failed(0, "UnexpectedNextLink", "Resource Manager answered the pool list of "
                    + account + " with a next page outside that account's pools; not followed", null);
        }
    }
}
