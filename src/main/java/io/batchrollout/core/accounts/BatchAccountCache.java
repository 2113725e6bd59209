package io.batchrollout.core.accounts;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.port.BatchPools;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch accounts read once per process: the fields the app uses (endpoint, region) do not change for an account id.
 * A failed read is not remembered, so the next call tries again. Quotas can change; code that decides on quotas
 * must read the account afresh instead.
 */
public final class BatchAccountCache {
    private final BatchPools pools;
    private final Map<BatchAccountId, BatchAccount> accounts = new ConcurrentHashMap<>();

    public BatchAccountCache(BatchPools pools) {
        this.pools = pools;
    }

    public BatchAccount get(BatchAccountId id) {
        BatchAccount known = accounts.get(id);
        if (known != null) {
            return known;
        }
        BatchAccount read = pools.account(id);
        accounts.putIfAbsent(id, read);
        return read;
    }
}
