package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout progress a pool carries in its own metadata ({@link RolloutStateCodec}), so any pass of any instance
 * can continue it.
 *
 * @param target       the image reference being rolled to (a version id), while a rollout is in progress
 * @param previous     the image reference the pool had before: the rollback target
 * @param since        when the current phase started (the app's clock)
 * @param savedScale   the pool's scale settings before the drain, restored afterwards
 * @param attempts     how many rollouts of {@code target} were started on this pool
 * @param rejected     version names of the tracked definition that failed the health gate on this pool: never
 *                     tried again until an operator retries them (a newer version is tried as usual)
 * @param paused       set by an operator: passes leave the pool alone until resumed
 * @param lastDecision the last decision written, with its reasons, for getPool and logs
 * @param links        blue-green: the pool's group, candidate or replaced pool, and job moves
 * @param refused      the step Azure last refused for a reason retrying will not fix ({@link Refusal}): decided on by
 *                     the next pass. It stays through the rollback it causes and on the resting pool afterwards, where it
 *                     keeps the decision that says why (passes at rest do not overwrite it), until a new rollout starts,
 *                     a rollout is verified, or an operator retries
 * @param savedNodes   beside an autoscale {@code savedScale}: the dedicated and low-priority nodes the pool was planned
 *                     for before the drain ({@link io.batchrollout.core.rollout.gate.PlannedNodes#beforeDrain}), the fixed scale restored instead when
 *                     Azure keeps refusing the formula ({@link io.batchrollout.core.rollout.inplace.RefusalRules}). Absent on fixed saved scales (their
 *                     targets say it) and on pools drained before it existed; dropped with the saved scale at rest
 * @param running      a concrete version id the pool's nodes run, recorded while the pool names its image definition
 *                     (stated by an operator at adoption): the rollback target of the pool's first rollout
 *                     ({@link io.batchrollout.core.rollout.inplace.RollbackTarget}), since Batch reports the definition, not the version, for such nodes.
 *                     Consumed (cleared) when a rollout starts; absent on pools written before it existed
 */
public record RolloutState(RolloutPhase phase, Optional<String> target, Optional<String> previous,
                           Optional<Instant> since, Optional<ScaleSettings> savedScale, int attempts,
                           List<String> rejected, boolean paused, Optional<String> lastDecision,
                           BlueGreenLinks links, Optional<Refusal> refused,
                           Optional<PoolAutoScaleRun.Targets> savedNodes, Optional<String> running) {

    public RolloutState {
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(savedNodes, "savedNodes");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(refused, "refused");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(savedScale, "savedScale");
        Objects.requireNonNull(lastDecision, "lastDecision");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
        rejected = List.copyOf(rejected);
    }

    /** A state without a recorded running version. */
    public RolloutState(RolloutPhase phase, Optional<String> target, Optional<String> previous, Optional<Instant> since,
                        Optional<ScaleSettings> savedScale, int attempts, List<String> rejected, boolean paused,
                        Optional<String> lastDecision, BlueGreenLinks links, Optional<Refusal> refused,
                        Optional<PoolAutoScaleRun.Targets> savedNodes) {
        this(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links, refused,
                savedNodes, Optional.empty());
    }

    /** A state without the planned node counts beside its saved scale. */
    public RolloutState(RolloutPhase phase, Optional<String> target, Optional<String> previous, Optional<Instant> since,
                        Optional<ScaleSettings> savedScale, int attempts, List<String> rejected, boolean paused,
                        Optional<String> lastDecision, BlueGreenLinks links, Optional<Refusal> refused) {
        this(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links, refused,
                Optional.empty());
    }

    /** A state with no refusal recorded. */
    public RolloutState(RolloutPhase phase, Optional<String> target, Optional<String> previous, Optional<Instant> since,
                        Optional<ScaleSettings> savedScale, int attempts, List<String> rejected, boolean paused,
                        Optional<String> lastDecision, BlueGreenLinks links) {
        this(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links, Optional.empty());
    }

    /** A state with no blue-green links (every in-place state). */
    public RolloutState(RolloutPhase phase, Optional<String> target, Optional<String> previous, Optional<Instant> since,
                        Optional<ScaleSettings> savedScale, int attempts, List<String> rejected, boolean paused,
                        Optional<String> lastDecision) {
        this(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, BlueGreenLinks.NONE);
    }

    /** A managed pool that never had a rollout: stable on whatever it runs. */
    public static RolloutState initial() {
        return new RolloutState(RolloutPhase.STABLE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, List.of(), false, Optional.empty());
    }

    /** The same state in another phase, started now. */
    public RolloutState enter(RolloutPhase next, Instant now) {
        return new RolloutState(next, target, previous, Optional.of(now), savedScale, attempts, rejected, paused, lastDecision, links, refused, savedNodes, running);
    }

    /** A new rollout to {@code version} from {@code from}, with the scale settings to restore afterwards. */
    public RolloutState startRollout(String version, String from, ScaleSettings saved, Instant now) {
        int tries = target.filter(version::equals).isPresent() ? attempts + 1 : 1;
        return new RolloutState(RolloutPhase.DRAINING, Optional.of(version), Optional.of(from), Optional.of(now),
                Optional.of(saved), tries, rejected, paused, lastDecision, links, Optional.empty());
    }

    /**
     * Back at rest: the saved scale is dropped; the previous version stays (an operator may still roll back to it), and
     * so do the rejections and the attempt count.
     */
    public RolloutState settle(RolloutPhase restingPhase, Instant now) {
        if (restingPhase.inProgress()) {
            throw new IllegalArgumentException(restingPhase + " is not a resting phase");
        }
        return new RolloutState(restingPhase, target, previous, Optional.of(now), Optional.empty(), attempts,
                rejected, paused, lastDecision, links.atRest(), refused, Optional.empty(), running);
    }

    public RolloutState withPaused(boolean pausedNow) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, pausedNow, lastDecision, links, refused, savedNodes, running);
    }

    /**
     * The rollout's endpoints and the capacity to restore, keeping everything else (links and the planned node counts
     * included: a caller that saves another pool scale sets those with {@link #withSavedNodes}).
     */
    public RolloutState withProgress(Optional<String> targetNow, Optional<String> previousNow, Optional<ScaleSettings> saved) {
        return new RolloutState(phase, targetNow, previousNow, since, saved, attempts, rejected, paused, lastDecision, links, refused, savedNodes, running);
    }

    public RolloutState reject(String versionName) {
        if (rejected.contains(versionName)) {
            return this;
        }
        List<String> more = new ArrayList<>(rejected);
        more.add(versionName);
        return new RolloutState(phase, target, previous, since, savedScale, attempts, more, paused, lastDecision, links, refused, savedNodes, running);
    }

    public RolloutState withRejected(List<String> versions) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, versions, paused, lastDecision, links, refused, savedNodes, running);
    }

    /** Forgets how many rollouts of the target were started: an operator's retry after the attempts ran out. */
    public RolloutState withoutAttempts() {
        return new RolloutState(phase, target, previous, since, savedScale, 0, rejected, paused, lastDecision, links, refused, savedNodes, running);
    }

    public RolloutState withDecision(String decision) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, paused, Optional.of(decision), links, refused, savedNodes, running);
    }

    /**
     * A new blue-green rollout to {@code version} from {@code from}: CREATING_CANDIDATE with the candidate's name. The
     * saved scale is what the candidate is created with.
     */
    public RolloutState startBlueGreen(String version, String from, ScaleSettings scale, String group, String candidate,
                                       Instant now) {
        int tries = target.filter(version::equals).isPresent() ? attempts + 1 : 1;
        return new RolloutState(RolloutPhase.CREATING_CANDIDATE, Optional.of(version), Optional.of(from), Optional.of(now),
                Optional.of(scale), tries, rejected, paused, lastDecision, BlueGreenLinks.replacing(group, candidate),
                Optional.empty());
    }

    public RolloutState withLinks(BlueGreenLinks next) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, next, refused, savedNodes, running);
    }

    /** The refusal recorded, replaced or (empty) cleared. */
    public RolloutState withRefused(Optional<Refusal> refusal) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links, refusal, savedNodes, running);
    }

    /** The nodes the pool was planned for before the drain, beside an autoscale saved scale. */
    public RolloutState withSavedNodes(Optional<PoolAutoScaleRun.Targets> nodes) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links,
                refused, nodes, running);
    }

    /** The concrete version the pool's nodes run, recorded (or, empty, forgotten) while no rollout is in progress. */
    public RolloutState withRunning(Optional<String> version) {
        return new RolloutState(phase, target, previous, since, savedScale, attempts, rejected, paused, lastDecision, links,
                refused, savedNodes, version);
    }

    public RolloutState withoutRefusal() {
        return withRefused(Optional.empty());
    }

    public boolean isRejected(String versionName) {
        return rejected.contains(versionName);
    }
}
