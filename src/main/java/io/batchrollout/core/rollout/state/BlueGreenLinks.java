package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.BatchJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pool takes part in a blue-green group, kept in its rollout state. The old (active) pool names its candidate
 * and the job being moved; the candidate names the pool it replaces. The group is written on every pool that was in a
 * blue-green rollout; a pool without it is the group of its own name ({@link io.batchrollout.core.rollout.bluegreen.PoolGroups#groupOf}).
 *
 * @param group            the logical name pipelines use
 * @param candidate        on the old pool: the candidate's pool name, while a rollout is in progress
 * @param replaces         on the candidate: the pool it replaces, until that pool is gone
 * @param moving           on the old pool: the job being moved now (set before its first call, cleared once it is
 *                         enabled or left disabled on the other pool)
 * @param movingDisabledBy with {@code moving} (and only then): who disabled that job, decided when it was selected
 * @param moved            on the old pool: jobs already moved in this rollout, newest last (the oldest drop off when long)
 */
public record BlueGreenLinks(Optional<String> group, Optional<String> candidate, Optional<String> replaces,
                             Optional<String> moving, Optional<DisabledBy> movingDisabledBy, List<String> moved) {
    public static final BlueGreenLinks NONE = new BlueGreenLinks(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), List.of());

    /**
     * Who puts the job being moved in the disabled state. The app enables after the move only the jobs it disabled
     * itself: a job an operator or a pipeline disabled (bad inputs, a hold) stays disabled on the other pool.
     */
    public enum DisabledBy {
        /** The job was active (or enabling) when selected: the app disables it, and enables it after the move. */
        APP,
        /** The job was disabled or disabling when selected, by someone else: moved, left disabled. */
        FOUND,
        /** Selected by an app version that did not record who disabled it (never written, read from its absence). */
        UNRECORDED;

        /** Decided once, from the job's state in the same listing the job was selected from. */
        public static DisabledBy selecting(BatchJob job) {
            return job.state().equals("disabled") || job.state().equals("disabling") ? FOUND : APP;
        }
    }

    public BlueGreenLinks {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(moving, "moving");
        Objects.requireNonNull(movingDisabledBy, "movingDisabledBy");
        // The flag belongs to the job being moved: gone without it, and never absent beside it.
        movingDisabledBy = moving.isEmpty() ? Optional.empty()
                : Optional.of(movingDisabledBy.orElse(DisabledBy.UNRECORDED));
        moved = List.copyOf(moved);
    }

    /** The old pool's links at the start of a rollout. */
    public static BlueGreenLinks replacing(String group, String candidate) {
        return new BlueGreenLinks(Optional.of(group), Optional.of(candidate), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }

    /** The candidate's links. */
    public static BlueGreenLinks candidateOf(String group, String replaced) {
        return new BlueGreenLinks(Optional.of(group), Optional.empty(), Optional.of(replaced), Optional.empty(),
                Optional.empty(), List.of());
    }

    /** At rest only the group stays. */
    public BlueGreenLinks atRest() {
        return new BlueGreenLinks(group, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** {@code next} (as listed when selected) is the job to move now, if any; who disabled it is recorded with it. */
    public BlueGreenLinks movingNext(Optional<BatchJob> next) {
        return new BlueGreenLinks(group, candidate, replaces, next.map(BatchJob::id), next.map(DisabledBy::selecting),
                moved);
    }

    /** The job being moved, now to be disabled (and enabled again) by the app. */
    public BlueGreenLinks movingDisabledByApp() {
        return new BlueGreenLinks(group, candidate, replaces, moving, Optional.of(DisabledBy.APP), moved);
    }

    /** {@code job} is moved; {@code next} is the one to move now, if any. */
    public BlueGreenLinks moved(String job, Optional<BatchJob> next) {
        List<String> more = new ArrayList<>(moved);
        if (!more.contains(job)) {
            more.add(job);
        }
        return new BlueGreenLinks(group, candidate, replaces, next.map(BatchJob::id), next.map(DisabledBy::selecting),
                more);
    }

    /** Whether the app enables the job being moved once it is on the other pool. */
    public boolean enablesMovingJob() {
        return movingDisabledBy.filter(by -> by == DisabledBy.APP).isPresent();
    }
}
