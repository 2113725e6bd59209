package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolPage;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.BatchPools;
import java.util.List;
import java.util.Optional;

/**
 * The real adapter with one behaviour changed by a test (reads held at a barrier, another writer racing): everything
 * still goes to the simulated Azure; subclasses override only what they change.
 */
abstract class ForwardingBatchPools implements BatchPools {
    final BatchPools real;

    ForwardingBatchPools(BatchPools real) {
        this.real = real;
    }

    public BatchAccount account(BatchAccountId id) {
        return real.account(id);
    }

    public List<Pool> list(BatchAccountId account) {
        return real.list(account);
    }

    public PoolPage listPage(BatchAccountId account, Optional<String> nextLink, int maxResults) {
        return real.listPage(account, nextLink, maxResults);
    }

    public Optional<Pool> get(PoolId id) {
        return real.get(id);
    }

    public Pool create(PoolId id, PoolSpec spec) {
        return real.create(id, spec);
    }

    public Pool createLike(PoolId source, PoolId id, PoolSpec spec) {
        return real.createLike(source, id, spec);
    }

    public Pool update(PoolId id, PoolUpdate update, String ifMatch) {
        return real.update(id, update, ifMatch);
    }

    public Pool changeImage(PoolId id, String imageReferenceId, String nodeAgentSkuId, String ifMatch) {
        return real.changeImage(id, imageReferenceId, nodeAgentSkuId, ifMatch);
    }

    public void delete(PoolId id) {
        real.delete(id);
    }
}
