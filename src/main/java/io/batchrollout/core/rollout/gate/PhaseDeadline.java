package io.batchrollout.core.rollout.gate;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.readiness.ResizeTimeout;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a rollout phase in progress should have ended: the one rule getPool, listPools, the drift report and the pass's
 * summary use, and (for the verifying phases) the health gate itself ({@link GateTarget}). A pool whose phase runs past
 * it is "stuck": nothing is wrong by itself, but the app expected to be done and someone should look.
 *
 * <ul>
 * <li>Verifying (in place, or the candidate): the health gate's own deadline, phase start + the verified scale's
 * resize timeout + VERIFY_GRACE. The gate fails the rollout there, so a pool still verifying after it is one the pass
 * did not reach (paused passes, throttling, no timer).</li>
 * <li>Waiting for Batch alone (back to the previous version's capacity, creating the candidate): phase start + the
 * pool's resize timeout + VERIFY_GRACE. Batch stops a resize at its resize timeout, the grace covers the passes in
 * between.</li>
 * <li>Waiting for running tasks (draining in place, rolling back, retiring the old pool, moving or adopting jobs,
 * aborting): the same plus {@link #TASK_WAIT}. Batch bounds a task only if its job or task sets maxWallClockTime
 * (unlimited by default) and otherwise at 180 days from when it was added, far too late to be a useful alarm; a drain
 * still waiting a day later is worth an operator's look (a task that hangs, a job nobody terminates).</li>
 * <li>At rest (Stable, Blocked), paused by an operator (it waits for a person, not for Azure), and the candidate
 * itself (its old pool carries the group's phase and deadline): none.</li>
 * </ul>
 *
 * @param verifyGrace VERIFY_GRACE, the health gate's
 */
public record PhaseDeadline(Duration verifyGrace) {
    /** How long the app expects running tasks to take to finish before a drain or a job move counts as stuck. */
    public static final Duration TASK_WAIT = Duration.ofHours(24);

    public PhaseDeadline {
        if (verifyGrace == null || verifyGrace.isNegative()) {
            throw new IllegalArgumentException("verifyGrace must be zero or more");
        }
    }

    public static PhaseDeadline of(HealthGate gate) {
        return new PhaseDeadline(gate.verifyGrace());
    }

    /** A deadline and whether now is past it. */
    public record Timing(Optional<Instant> deadline, boolean stuck) {
        public static final Timing NONE = new Timing(Optional.empty(), false);

        public static Timing at(Optional<Instant> deadline, Instant now) {
            return new Timing(deadline, deadline.filter(now::isAfter).isPresent());
        }
    }

    /**
     * The health gate's deadline for a pool verified on {@code scale}: phase start + the resize timeout the gate allows
     * + VERIFY_GRACE. A fixed scale allows its own resize timeout (sized to its nodes when it has none); an autoscale
     * formula the timeout sized to the targets of its evaluation since the scale was set, or to no node until one gives
     * targets.
     *
     * @param evaluation Batch's evaluation of the formula at or after the scale was set, if any
     */
    public Instant verifying(Instant since, ScaleSettings scale, Optional<PoolAutoScaleRun> evaluation) {
        Duration timeout;
        if (scale instanceof ScaleSettings.FixedScale fixed) {
            timeout = fixed.resizeTimeout() != null ? fixed.resizeTimeout() : ResizeTimeout.forNodes(fixed.totalNodes());
        } else {
            int target = evaluation.flatMap(PoolAutoScaleRun::evaluatedTargets).map(PoolAutoScaleRun.Targets::total).orElse(0);
            timeout = ResizeTimeout.forNodes(target);
        }
        return since.plus(timeout).plus(verifyGrace);
    }

    /**
     * When the pool's current phase should have ended; empty at rest, when paused, on a candidate, or when the phase
     * start is not recorded.
     *
     * @param pool      the pool that carries {@code state}
     * @param candidate the group's candidate when {@code state} is a blue-green phase and it was listed (its scale and
     *                  autoscale evaluation are what the gate verifies); without it the scale the candidate was created
     *                  with is used
     */
    public Optional<Instant> of(Pool pool, RolloutState state, Optional<Pool> candidate) {
        if (!state.phase().inProgress() || state.paused() || state.since().isEmpty()) {
            return Optional.empty();
        }
        Instant since = state.since().get();
        ScaleSettings planned = state.savedScale().map(Step::restoreScale).orElse(pool.scaleSettings());
        Instant batchAlone = since.plus(resizeTimeout(planned, state, pool)).plus(verifyGrace);
        return switch (state.phase()) {
            // The restore set the scale and started VERIFYING in one write: the phase start is when the scale was set.
            case VERIFYING -> Optional.of(verifying(since, planned, evaluationSince(pool, since)));
            case CANDIDATE_VERIFYING -> Optional.of(candidate.map(c -> verifying(since, c.scaleSettings(),
                    evaluationSince(c, createdAt(c).orElse(since)))).orElseGet(() -> verifying(since, planned, Optional.empty())));
            case ROLLING_BACK_RESTORE, CREATING_CANDIDATE -> Optional.of(batchAlone);
            case DRAINING, ROLLING_BACK, RETIRING_OLD_POOL, MOVING_JOBS, ABORTING, ADOPTING_JOBS ->
                    Optional.of(batchAlone.plus(TASK_WAIT));
            case CANDIDATE, STABLE, BLOCKED -> Optional.empty();
        };
    }

    /** {@link #of} and whether {@code now} is past it. */
    public Timing timing(Pool pool, RolloutState state, Optional<Pool> candidate, Instant now) {
        return Timing.at(of(pool, state, candidate), now);
    }

    /**
     * {@link #timing} with the group's candidate looked up by name among {@code listed}, the pool's account as already
     * listed: no read of its own.
     */
    public Timing timing(Pool pool, RolloutState state, List<Pool> listed, Instant now) {
        Optional<Pool> candidate = state.links().candidate().flatMap(name -> listed.stream()
                .filter(p -> p.id().poolName().equalsIgnoreCase(name)).findFirst());
        return timing(pool, state, candidate, now);
    }

    /** The time Batch may take to resize the pool to its planned capacity (an autoscaled pool: to what it is planned for). */
    private static Duration resizeTimeout(ScaleSettings planned, RolloutState state, Pool pool) {
        if (planned instanceof ScaleSettings.FixedScale fixed) {
            return fixed.resizeTimeout() != null ? fixed.resizeTimeout() : ResizeTimeout.forNodes(fixed.totalNodes());
        }
        return ResizeTimeout.forNodes(state.savedNodes().orElseGet(() -> PlannedNodes.autoscaled(pool)).total());
    }

    private static Optional<PoolAutoScaleRun> evaluationSince(Pool pool, Instant scaleSetAt) {
        return pool.autoScaleRun().filter(r -> !r.evaluationTime().isBefore(scaleSetAt));
    }

    private static Optional<Instant> createdAt(Pool candidate) {
        return RolloutStateCodec.decode(candidate.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                ? present.state().since() : Optional.empty();
    }
}
