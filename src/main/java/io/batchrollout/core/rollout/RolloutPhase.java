package io.batchrollout.core.rollout;

/**
 * Where a managed pool is in its rollout. Each phase names what the reconciler waits for, so that a pass only has to
 * compare the phase with what it observes to know the next step; a crash between passes loses nothing because the
 * phase is written in the same PATCH that starts the wait (the image change alone is a separate call, and the pool's
 * own imageReference tells whether it happened). Pausing is a flag on the state, not a phase: a paused pool resumes
 * where it stopped.
 */
public enum RolloutPhase {
    /** On its version with its capacity; nothing is in progress. A newer ready version starts a drain. */
    STABLE,
    /**
     * At rest, but the version the policy asks for cannot be used (not replicated to the pool's region, too few
     * replicas, end of life...). Kept apart from STABLE so getPool says why the pool is not on the newest version.
     */
    BLOCKED,
    /**
     * In-place: scale set to 0/0 with TaskCompletion and the saved scale recorded, in one PATCH. Waiting for running
     * tasks to finish and nodes to leave (Steady, no nodes); then the image is changed, then capacity restored.
     */
    DRAINING,
    /**
     * The saved capacity was restored on the new image (scale and phase in one PATCH). Waiting for the health gate,
     * at most until phase start + restore resizeTimeout + VERIFY_GRACE; then STABLE, or ROLLING_BACK.
     */
    VERIFYING,
    /**
     * The health gate failed; the version is rejected for this pool. Draining to 0/0 with TaskCompletion (applied as
     * soon as the pool is Steady), then the image goes back to the previous version, then capacity is restored.
     */
    ROLLING_BACK,
    /**
     * Back on the previous version with the saved capacity restored. Waiting for the pool to be Steady again, so no
     * new rollout starts while it still resizes (Batch refuses other targets then); then STABLE.
     */
    ROLLING_BACK_RESTORE,

    // Blue-green (pool replaced by a candidate) is decided in a later change; its phases are named here so that the
    // state codec already reads them and an in-place engine leaves such a pool alone instead of refusing it.
    /** Blue-green: the candidate pool is created on the new version and allocating; verified like VERIFYING. */
    CANDIDATE_VERIFYING,
    /** Blue-green: jobs move from the old pool to the candidate (disable with wait, patch, enable), one per step. */
    MOVING_JOBS,
    /** Blue-green: the old pool drains with TaskCompletion and is then deleted. */
    RETIRING_OLD_POOL;

    public boolean inProgress() {
        return this != STABLE && this != BLOCKED;
    }

    public boolean blueGreen() {
        return this == CANDIDATE_VERIFYING || this == MOVING_JOBS || this == RETIRING_OLD_POOL;
    }
}
