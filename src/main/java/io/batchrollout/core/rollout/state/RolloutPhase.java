package io.batchrollout.core.rollout.state;

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

    // Blue-green: the pool is replaced by a candidate pool. The rollout state lives on the pool being replaced (the
    // group's active pool) from start to end; the candidate carries only its links and the phase CANDIDATE, and takes
    // the state over when the pool it replaces is gone. So every phase below except CANDIDATE is the old pool's.
    /**
     * Blue-green: quota checked and the candidate's name recorded; the next pass creates it (If-None-Match: *, so a
     * repeated create is a Conflict and the pass after sees the candidate in the account's list).
     */
    CREATING_CANDIDATE,
    /** Blue-green: the candidate pool exists on the new version and allocates; the health gate runs on it. */
    CANDIDATE_VERIFYING,
    /** Blue-green: jobs move from the old pool to the candidate (disable with wait, patch, enable), one call per pass. */
    MOVING_JOBS,
    /** Blue-green: every job moved; the old pool drains with TaskCompletion and is then deleted. */
    RETIRING_OLD_POOL,
    /**
     * Blue-green rollback: the version is rejected; jobs on the candidate move back, then the candidate is deleted,
     * then the old pool is STABLE again.
     */
    ABORTING,
    /**
     * Blue-green, on a candidate that took over because someone else deleted the pool it replaced: verified, it moves
     * the jobs that still name that pool onto itself (disable with wait, patch, enable; one call per pass), then STABLE.
     * Batch keeps a job whose pool was deleted, its tasks waiting for a pool that never comes back.
     */
    ADOPTING_JOBS,
    /**
     * Blue-green, on the candidate pool itself: driven from the pool it replaces. When that pool is gone (deleted or
     * deleting) the candidate promotes itself to STABLE: it is the group's active pool from then on.
     */
    CANDIDATE;

    public boolean inProgress() {
        return this != STABLE && this != BLOCKED;
    }

    public boolean blueGreen() {
        return this == CREATING_CANDIDATE || this == CANDIDATE_VERIFYING || this == MOVING_JOBS
                || this == RETIRING_OLD_POOL || this == ABORTING || this == ADOPTING_JOBS || this == CANDIDATE;
    }
}
