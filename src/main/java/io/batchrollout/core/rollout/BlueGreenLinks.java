package io.batchrollout.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pool takes part in a blue-green group, kept in its rollout state. The old (active) pool names its candidate
 * and the job being moved; the candidate names the pool it replaces. The group is written on every pool that was in a
 * blue-green rollout; a pool without it is the group of its own name ({@link PoolGroups#groupOf}).
 *
 * @param group     the logical name pipelines use
 * @param candidate on the old pool: the candidate's pool name, while a rollout is in progress
 * @param replaces  on the candidate: the pool it replaces, until that pool is gone
 * @param moving    on the old pool: the job being moved now (set before its first call, cleared once it is enabled)
 * @param moved     on the old pool: jobs already moved in this rollout, newest last (the oldest drop off when long)
 */
public record BlueGreenLinks(Optional<String> group, Optional<String> candidate, Optional<String> replaces,
                             Optional<String> moving, List<String> moved) {
    public static final BlueGreenLinks NONE = new BlueGreenLinks(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of());

    public BlueGreenLinks {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(moving, "moving");
        moved = List.copyOf(moved);
    }

    /** The old pool's links at the start of a rollout. */
    public static BlueGreenLinks replacing(String group, String candidate) {
        return new BlueGreenLinks(Optional.of(group), Optional.of(candidate), Optional.empty(), Optional.empty(), List.of());
    }

    /** The candidate's links. */
    public static BlueGreenLinks candidateOf(String group, String replaced) {
        return new BlueGreenLinks(Optional.of(group), Optional.empty(), Optional.of(replaced), Optional.empty(), List.of());
    }

    /** At rest only the group stays. */
    public BlueGreenLinks atRest() {
        return new BlueGreenLinks(group, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public BlueGreenLinks movingNext(Optional<String> next) {
        return new BlueGreenLinks(group, candidate, replaces, next, moved);
    }

    /** {@code job} is moved; {@code next} is the one to move now, if any. */
    public BlueGreenLinks moved(String job, Optional<String> next) {
        List<String> more = new ArrayList<>(moved);
        if (!more.contains(job)) {
            more.add(job);
        }
        return new BlueGreenLinks(group, candidate, replaces, next, more);
    }
}
