package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchPools;
import java.util.Optional;

/**
 * Applies a step with the ETag the pass read: one Azure call at most (a pool write, a pool create or delete, or one
 * job call on the data plane). Azure's refusals leave as
 * {@link io.batchrollout.port.AzureCallException} (412 and 409 mean another writer came first: the next pass re-reads
 * and decides again; nothing is retried here).
 */
public final class StepApplier {
    private final BatchPools pools;
    private final Optional<BatchJobs> jobs;

    /** An applier for pool steps only (a job step is refused). */
    public StepApplier(BatchPools pools) {
        this.pools = pools;
        this.jobs = Optional.empty();
    }

    public StepApplier(BatchPools pools, BatchJobs jobs) {
        this.pools = pools;
        this.jobs = Optional.of(jobs);
    }

    /** The pool as Azure returned it after the write, or empty when the step writes nothing. */
    public Optional<Pool> apply(Pool pool, Step step) {
        return apply(null, pool, step);
    }

    /**
     * As {@link #apply(Pool, Step)}, with the account a job step runs against. A created candidate is returned; a
     * delete or a job step returns empty (nothing of {@code pool} changed that the caller reads back).
     */
    public Optional<Pool> apply(BatchAccount account, Pool pool, Step step) {
        if (step instanceof Step.NoChange) {
            return Optional.empty();
        }
        if (step instanceof Step.ReadQuota) {
            throw new IllegalArgumentException("ReadQuota is answered by reading the account, not applied");
        }
        if (step instanceof Step.ReadNodeImages) {
            throw new IllegalArgumentException("ReadNodeImages is answered by listing the pool's nodes, not applied");
        }
        if (step instanceof Step.CreatePool create) {
            // The candidate is the pool being replaced on another image, down to what this app does not model.
            return Optional.of(pools.createLike(pool.id(), create.id(), create.spec()));
        }
        if (step instanceof Step.DeletePool delete) {
            pools.delete(delete.pool().id(), delete.pool().etag());
            return Optional.empty();
        }
        if (step instanceof Step.MoveJob move) {
            BatchJobs batchJobs = jobs.orElseThrow(() -> new IllegalStateException("no BatchJobs to move job " + move.jobId()));
            if (account == null) {
                throw new IllegalArgumentException("moving job " + move.jobId() + " needs its Batch account");
            }
            switch (move.action()) {
                case DISABLE -> batchJobs.disable(account, move.jobId(), BatchJobs.DisableTasks.WAIT, move.jobEtag());
                case RETARGET -> batchJobs.retarget(account, move.jobId(), move.toPool(), move.jobEtag());
                case ENABLE -> batchJobs.enable(account, move.jobId(), move.jobEtag());
            }
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
