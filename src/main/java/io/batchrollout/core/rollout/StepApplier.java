package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.bluegreen.DeleteCheck;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchPools;
import java.util.Optional;

/**
 * Applies a step with the ETag the pass read: one Azure write at most (a pool write, a pool create or delete, or one
 * job call on the data plane); a delete is preceded by the reads that stand in for the If-Match it cannot carry
 * ({@link Withheld} when they show the pool changed). Azure's refusals leave as
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
            deleteIfUnchanged(account, delete);
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

    /**
     * Pool_Delete has no If-Match, so the ETag guard every other step has is a fresh read instead: the pool (one GET),
     * then the jobs on it (one data-plane list), each checked by {@link DeleteCheck} right before the DELETE. A pool
     * already gone or being deleted needs nothing more.
     */
    private void deleteIfUnchanged(BatchAccount account, Step.DeletePool delete) {
        Optional<Pool> fresh = pools.get(delete.pool().id());
        if (fresh.isEmpty() || BlueGreenDecider.deleting(fresh.get())) {
            return;
        }
        Optional<String> changed = DeleteCheck.ofPool(delete, fresh.get());
        if (changed.isPresent()) {
            throw new Withheld(changed.get());
        }
        if (jobs.isEmpty() || account == null) {
            throw new Withheld("the jobs on " + delete.pool().id().poolName() + " cannot be checked without job access");
        }
        Optional<String> stranded = DeleteCheck.ofJobs(fresh.get(),
                jobs.get().jobsOnPool(account, delete.pool().id().poolName()));
        if (stranded.isPresent()) {
            throw new Withheld(stranded.get());
        }
        pools.delete(delete.pool().id());
    }

    /** A step not applied because what it was decided on no longer holds; nothing was written. */
    public static final class Withheld extends RuntimeException {
        Withheld(String reason) {
            super(reason);
        }
    }
}
