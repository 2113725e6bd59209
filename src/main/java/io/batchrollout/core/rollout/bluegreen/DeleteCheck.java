package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.util.List;
import java.util.Optional;

/**
 * Whether a pool a pass decided to delete may still be deleted, judged on a read made just before the DELETE. Every
 * other write of the rollout is guarded by the ETag it was decided on; Pool_Delete takes no If-Match (management spec
 * 2024-07-01), so that guard is this check instead: the pool as the decision saw it (same ETag), still in the state
 * that made deleting it safe, and no job left on it that the delete would strand. Anything else withholds the delete;
 * the next pass reads afresh and decides again. (A change landing between this read and the DELETE itself is not
 * caught: Azure offers nothing that would close that window.)
 */
public final class DeleteCheck {
    private DeleteCheck() {
    }

    /** Why {@code fresh} must not be deleted now, or empty when it may be. */
    public static Optional<String> ofPool(Step.DeletePool step, Pool fresh) {
        String name = fresh.id().poolName();
        String decided = step.pool().etag();
        if (decided == null || !decided.equals(fresh.etag())) {
            return Optional.of(name + " changed since this pass read it (ETag " + decided + ", now " + fresh.etag()
                    + ")");
        }
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(fresh.metadata());
        if (!(decoded instanceof RolloutStateCodec.Decoded.Present present)) {
            return Optional.of(name + "'s rollout metadata cannot be read");
        }
        RolloutState state = present.state();
        return switch (step.target()) {
            case RETIRED_OLD_POOL -> {
                if (state.phase() != RolloutPhase.RETIRING_OLD_POOL) {
                    yield Optional.of(name + " is in phase " + state.phase() + ", not " + RolloutPhase.RETIRING_OLD_POOL);
                }
                if (!PoolFacts.isDrainScale(fresh.scaleSettings())) {
                    yield Optional.of(name + " is no longer drained (its scale is " + fresh.scaleSettings() + ")");
                }
                yield fresh.isSteadyAndEmpty() ? Optional.empty() : Optional.of(name + " is " + fresh.allocationState()
                        + " with " + (fresh.currentDedicatedNodes() + fresh.currentLowPriorityNodes()) + " nodes");
            }
            case ABORTED_CANDIDATE -> state.phase() == RolloutPhase.CANDIDATE && state.links().replaces().isPresent()
                    ? Optional.empty()
                    : Optional.of(name + " is no longer a candidate replacing another pool (phase " + state.phase() + ")");
        };
    }

    /** Why the pool must not be deleted with these jobs (listed on it just now) on it, or empty. */
    public static Optional<String> ofJobs(Pool fresh, List<BatchJob> jobsOnIt) {
        return JobMoves.nextJob(jobsOnIt, Optional.empty()).map(job -> "job " + job.id() + " (" + job.state()
                + ") is on " + fresh.id().poolName() + " and would be left without a pool");
    }
}
