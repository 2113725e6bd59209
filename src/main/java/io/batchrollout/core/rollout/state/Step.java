package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.ScaleSettings.FixedScale;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.readiness.ResizeTimeout;
import java.time.Duration;
import java.util.Optional;

/**
 * The one thing a pass does to one pool, as a value: at most one mutating Azure call. Steps that write carry the state
 * to record; it goes in the same PATCH as their scale change, so a phase is never written without its action or the
 * other way round. Built through the static factories, which refuse steps Batch would refuse.
 *
 * <p>Blue-green steps may act on another pool of the group than the one the pass decided for (the candidate is
 * created, verified and deleted from the old pool's state) or on a job (data plane); still one call per pass.
 */
public sealed interface Step {

    /** Why, in words an engineer acts on. */
    String reason();

    /** The step as a pass's log line names it: "drain", "change image", "enable job render-nightly"... */
    String label();

    /** A step that records the pool's next rollout state in the same write as its action. */
    sealed interface Writing extends Step {
        RolloutState state();
    }

    /** The state a step records, or empty for the steps that write none (the phase already says what they do). */
    static Optional<RolloutState> stateAfter(Step step) {
        return step instanceof Writing writing ? Optional.of(writing.state()) : Optional.empty();
    }

    /** Nothing to write: waiting for Azure, up to date, pinned, paused... */
    record NoChange(String reason) implements Step {
        public String label() {
            return "none";
        }
    }

    /** Metadata only: a new phase or decision (e.g. BLOCKED with the gate's reasons). */
    record Record(RolloutState state) implements Writing {
        public String label() {
            return "record";
        }

        public String reason() {
            return state.lastDecision().orElse("");
        }
    }

    /** Scale to 0/0 with TaskCompletion (running tasks finish) and the state, in one PATCH. */
    record Drain(FixedScale scale, RolloutState state) implements Writing {
        public String label() {
            return "drain";
        }

        public String reason() {
            return state.lastDecision().orElse("");
        }
    }

    /** The image PATCH (api-version 2024-07-01); metadata is not part of it, so {@code state} is what stays recorded. */
    record ChangeImage(String imageReferenceId, RolloutState state, String reason) implements Writing {
        public String label() {
            return "change image";
        }
    }

    /** The saved scale back, with a resizeTimeout sized to the pool, and the state, in one PATCH. */
    record Restore(ScaleSettings scale, RolloutState state) implements Writing {
        public String label() {
            return "restore";
        }

        public String reason() {
            return state.lastDecision().orElse("");
        }
    }

    /** The health gate passed: STABLE recorded. */
    record Verified(RolloutState state) implements Writing {
        public String label() {
            return "verified";
        }

        public String reason() {
            return state.lastDecision().orElse("");
        }
    }

    /**
     * The health gate failed: the version is rejected and ROLLING_BACK recorded, with the drain in the same PATCH when
     * the pool is Steady (Batch refuses other targets while it resizes; the ROLLING_BACK phase drains it later then).
     */
    record RollBack(Optional<FixedScale> drain, RolloutState state) implements Writing {
        public String label() {
            return "roll back";
        }

        public String reason() {
            return state.lastDecision().orElse("");
        }
    }

    /** Blue-green: create the candidate, If-None-Match: * (a Conflict means an earlier pass created it). */
    record CreatePool(PoolId id, PoolSpec spec, String reason) implements Step {
        public String label() {
            return "create pool " + id.poolName();
        }
    }

    /**
     * Blue-green: delete {@code pool} (the retired old pool, or the rejected candidate) as this pass read it. Pool_Delete
     * takes no If-Match, so the applier re-reads the pool and its jobs just before and deletes only if it is still
     * what {@code target} says ({@link io.batchrollout.core.rollout.bluegreen.DeleteCheck}).
     */
    record DeletePool(Pool pool, DeleteTarget target, String reason) implements Step {
        public String label() {
            return "delete pool " + pool.id().poolName();
        }
    }

    /** What a pool must still be, on a fresh read, to be deleted. */
    enum DeleteTarget {
        /** The group's old pool: RETIRING_OLD_POOL, drained to 0/0, Steady, no nodes, no job left on it. */
        RETIRED_OLD_POOL,
        /** A candidate whose rollout aborts: still a candidate replacing a pool, no job left on it. */
        ABORTED_CANDIDATE
    }

    /**
     * Blue-green: one data-plane call on a job being moved between the group's pools, with the job's ETag as this
     * pass read it: a reconciler that read the same job loses with 412 instead of repeating the call.
     */
    record MoveJob(JobAction action, String jobId, String jobEtag, String toPool, String reason) implements Step {
        public String label() {
            return action.name().toLowerCase(java.util.Locale.ROOT) + " job " + jobId;
        }
    }

    /** Disable waits for running tasks ("wait"); retarget patches poolInfo (only while disabled); enable. */
    enum JobAction { DISABLE, RETARGET, ENABLE }

    /**
     * Not applied: the decision needs the account's core quotas read afresh (the cached account may be stale); the
     * pass reads them and decides again. Asked for only when a blue-green rollout is about to start.
     */
    record ReadQuota(String reason) implements Step {
        public String label() {
            return "none";
        }
    }

    /**
     * Not applied: an in-place rollout of a pool naming its image definition is about to start and needs a concrete
     * version to roll back to ({@link io.batchrollout.core.rollout.inplace.RollbackTarget}); the pass lists the pool's nodes and decides again.
     */
    record ReadNodeImages(String reason) implements Step {
        public String label() {
            return "none";
        }
    }

    static NoChange none(String reason) {
        return new NoChange(reason);
    }

    static Record record(RolloutState state) {
        return new Record(state);
    }

    /** The drain targets: no nodes, and nodes leave only once their running tasks are done. */
    static FixedScale drainScale(Duration resizeTimeout) {
        return new FixedScale(0, 0, resizeTimeout, NodeDeallocationOption.TASK_COMPLETION);
    }

    static Drain drain(Pool pool, RolloutState state) {
        requireSteady(pool, "drain");
        return new Drain(drainScale(timeoutOf(pool.scaleSettings())), state);
    }

    static ChangeImage changeImage(Pool pool, String imageReferenceId, RolloutState state, String reason) {
        if (!pool.isSteadyAndEmpty()) {
            throw new IllegalStateException("Batch changes the image only on a Steady pool with no nodes; pool "
                    + pool.id().poolName() + " is " + pool.allocationState() + " with "
                    + (pool.currentDedicatedNodes() + pool.currentLowPriorityNodes()) + " nodes");
        }
        return new ChangeImage(imageReferenceId, state, reason);
    }

    static Restore restore(Pool pool, ScaleSettings saved, RolloutState state) {
        requireSteady(pool, "restore");
        return new Restore(restoreScale(saved), state);
    }

    static Verified verified(RolloutState state) {
        if (state.phase() != RolloutPhase.STABLE) {
            throw new IllegalArgumentException("a verified pool is STABLE, not " + state.phase());
        }
        return new Verified(state);
    }

    static RollBack rollBack(Pool pool, RolloutState state) {
        boolean steady = "Steady".equalsIgnoreCase(pool.allocationState());
        return new RollBack(steady ? Optional.of(drainScale(timeoutOf(pool.scaleSettings()))) : Optional.empty(), state);
    }

    /**
     * The saved scale; fixed targets get resizeTimeout = max(saved, 15 minutes per started 1,000 nodes) so a large
     * pool is not cut short mid-allocation. The deallocation option is kept as saved.
     */
    public static ScaleSettings restoreScale(ScaleSettings saved) {
        if (saved instanceof FixedScale f) {
            Duration sized = ResizeTimeout.forNodes(f.totalNodes());
            Duration timeout = f.resizeTimeout() == null || f.resizeTimeout().compareTo(sized) < 0 ? sized : f.resizeTimeout();
            return new FixedScale(f.targetDedicatedNodes(), f.targetLowPriorityNodes(), timeout, f.nodeDeallocationOption());
        }
        return saved;
    }

    private static Duration timeoutOf(ScaleSettings scale) {
        return scale instanceof FixedScale f && f.resizeTimeout() != null ? f.resizeTimeout() : ResizeTimeout.forNodes(0);
    }

    private static void requireSteady(Pool pool, String what) {
        if (!"Steady".equalsIgnoreCase(pool.allocationState())) {
            throw new IllegalStateException("Batch refuses new scale targets while pool " + pool.id().poolName()
                    + " is " + pool.allocationState() + "; cannot " + what + " now");
        }
    }
}
