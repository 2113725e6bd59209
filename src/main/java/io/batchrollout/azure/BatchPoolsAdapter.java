package io.batchrollout.azure;

import com.azure.resourcemanager.batch.BatchManager;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.BatchPools;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Placeholder: the Batch management-plane adapter (being written). */
final class BatchPoolsAdapter implements BatchPools {
    private final Function<String, BatchManager> managerForSubscription;

    BatchPoolsAdapter(Function<String, BatchManager> managerForSubscription) {
        this.managerForSubscription = managerForSubscription;
    }

    @Override
    public BatchAccount account(BatchAccountId id) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public List<Pool> list(BatchAccountId account) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Optional<Pool> get(PoolId id) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Pool create(PoolId id, PoolSpec spec) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Pool update(PoolId id, PoolUpdate update, String ifMatch) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Pool changeImage(PoolId id, String imageReferenceId, String ifMatch) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public void delete(PoolId id, String ifMatch) {
        throw new UnsupportedOperationException("not written yet");
    }
}
