package io.batchrollout.core.rollout;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.BatchPools;
import java.util.Optional;

/**
 * Applies a step with the ETag the pass read: one Azure call at most. Azure's refusals leave as
 * {@link io.batchrollout.port.AzureCallException} (412 and 409 mean another writer came first: the next pass re-reads
 * and decides again; nothing is retried here).
 */
public final class StepApplier {
    private final BatchPools pools;

    public StepApplier(BatchPools pools) {
        this.pools = pools;
    }

    /** The pool as Azure returned it after the write, or empty when the step writes nothing. */
    public Optional<Pool> apply(Pool pool, Step step) {
        if (step instanceof Step.NoChange) {
            return Optional.empty();
        }
        if (step instanceof Step.ChangeImage change) {
            return Optional.of(pools.changeImage(pool.id(), change.imageReferenceId(), pool.nodeAgentSkuId(), pool.etag()));
        }
        PoolUpdate update;
        if (step instanceof Step.Drain drain) {
            update = PoolUpdate.scale(drain.scale()).withMetadata(RolloutStateCodec.writeInto(pool.metadata(), drain.state()));
        } else if (step instanceof Step.Restore restore) {
            update = PoolUpdate.scale(restore.scale()).withMetadata(RolloutStateCodec.writeInto(pool.metadata(), restore.state()));
        } else if (step instanceof Step.RollBack back) {
            var metadata = RolloutStateCodec.writeInto(pool.metadata(), back.state());
            update = back.drain().map(d -> PoolUpdate.scale(d).withMetadata(metadata)).orElse(PoolUpdate.metadata(metadata));
        } else if (step instanceof Step.Record record) {
            update = PoolUpdate.metadata(RolloutStateCodec.writeInto(pool.metadata(), record.state()));
        } else if (step instanceof Step.Verified verified) {
            update = PoolUpdate.metadata(RolloutStateCodec.writeInto(pool.metadata(), verified.state()));
        } else {
            throw new IllegalArgumentException("no way to apply " + step.getClass().getSimpleName());
        }
        return Optional.of(pools.update(pool.id(), update, pool.etag()));
    }
}
