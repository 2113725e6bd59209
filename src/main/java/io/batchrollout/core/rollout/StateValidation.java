package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pool's rollout metadata is input: anyone with write access to the pool (Batch contributors, pipelines) can edit
 * it, so what it names is checked against what the pass listed and against the policy before a decision acts on it.
 * Pure. A problem found here makes the pool TAMPERED ({@link PoolGuard}): nothing is done to it or to any pool it
 * names until an operator retries it or adopts it again.
 *
 * <p>What is checked: the identity-bearing entries hold no control characters and fit a metadata value; the recorded
 * group is a pool id and contains the pool; mid-rollout, the target and the previous version are versions of the
 * policy's image definition; blue-green, the candidate is the group's deterministic candidate name for the target
 * ({@code {group}-v{major}-{minor}-{patch}}) and, where it is listed, links back to the pool it replaces; a candidate's
 * own name is that name and the pool it replaces is in the group. The gallery and the readiness gate are checked right
 * before the step that uses the image ({@link StepCheck}): they need Azure's answer, not only the metadata.
 */
public final class StateValidation {
    /** The first word of a tampered pool's lasting decision: getPool, the drift report and the log show it. */
    public static final String TAMPERED = "TAMPERED";

    private static final Set<String> IDENTITY_ENTRIES = Set.of(RolloutStateCodec.PHASE, RolloutStateCodec.TARGET,
            RolloutStateCodec.PREVIOUS, RolloutStateCodec.RUNNING, RolloutStateCodec.GROUP, RolloutStateCodec.CANDIDATE,
            RolloutStateCodec.REPLACES, RolloutStateCodec.MOVING, RolloutStateCodec.MOVED, RolloutStateCodec.REJECTED,
            RolloutStateCodec.ATTEMPTS, RolloutStateCodec.SINCE);
    private static final Pattern CANDIDATE_SUFFIX = Pattern.compile("-v(\\d{1,9})-(\\d{1,9})-(\\d{1,9})$");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private StateValidation() {
    }

    /** Why the recorded state cannot be trusted for this pool, or empty when every fact it names checks out. */
    public static Optional<String> problem(Pool pool, RolloutPolicy policy, RolloutState state, List<Pool> listed) {
        for (Metadata entry : pool.metadata()) {
            if (IDENTITY_ENTRIES.contains(entry.name()) && entry.value() != null) {
                if (entry.value().length() > PoolMetadata.MAX_VALUE_LENGTH) {
                    return Optional.of(entry.name() + " is " + entry.value().length() + " characters long (at most "
                            + PoolMetadata.MAX_VALUE_LENGTH + " are ever written)");
                }
                if (CONTROL.matcher(entry.value()).find()) {
                    return Optional.of(entry.name() + " holds control characters");
                }
            }
        }
        String name = pool.id().poolName();
        Optional<String> group = state.links().group();
        if (group.isPresent()) {
            if (!PoolId.NAME.matcher(group.get()).matches()) {
                return Optional.of(RolloutStateCodec.GROUP + " '" + shown(group.get()) + "' is not a pool id");
            }
            if (!inGroup(name, group.get())) {
                return Optional.of("the pool is not a member of the recorded group '" + group.get() + "' (neither the "
                        + "group's first pool nor one of its candidates)");
            }
        }
        if (!state.phase().inProgress()) {
            return Optional.empty();
        }
        String definition = policy.image().definition().toString();
        Optional<String> target = versionProblem(RolloutStateCodec.TARGET, state.target(), definition, true);
        if (target.isPresent()) {
            return target;
        }
        Optional<String> previous = versionProblem(RolloutStateCodec.PREVIOUS, state.previous(), definition, false);
        if (previous.isPresent()) {
            return previous;
        }
        return state.phase().blueGreen() ? links(pool, state, listed) : Optional.empty();
    }

    private static Optional<String> links(Pool pool, RolloutState state, List<Pool> listed) {
        String name = pool.id().poolName();
        String group = PoolGroups.groupOf(pool);
        Optional<SemanticVersion> version = SemanticVersion.parse(PoolFacts.versionName(state.target().get()));
        if (version.isEmpty()) {
            return Optional.of(RolloutStateCodec.TARGET + " is not a Major.Minor.Patch version, so it names no candidate");
        }
        String expected = PoolGroups.candidateName(group, version.get());
        boolean isCandidate = state.phase() == RolloutPhase.CANDIDATE || state.phase() == RolloutPhase.ADOPTING_JOBS;
        if (isCandidate) {
            if (!name.equalsIgnoreCase(expected)) {
                return Optional.of("the pool is recorded as a candidate of group " + group + " on "
                        + version.get() + ", whose candidate is named " + expected);
            }
            Optional<String> replaces = state.links().replaces();
            if (replaces.isPresent() && (replaces.get().equalsIgnoreCase(name) || !inGroup(replaces.get(), group))) {
                return Optional.of(RolloutStateCodec.REPLACES + " '" + shown(replaces.get()) + "' is not another pool "
                        + "of group " + group);
            }
            Optional<Pool> replaced = replaces.flatMap(r -> PoolGroups.named(listed, r));
            Optional<String> itsCandidate = replaced.flatMap(r -> PoolGroups.stateOf(r).links().candidate());
            if (itsCandidate.isPresent() && !itsCandidate.get().equalsIgnoreCase(name)) {
                return Optional.of("pool " + replaces.get() + ", which this candidate replaces, names "
                        + shown(itsCandidate.get()) + " as its candidate");
            }
            return Optional.empty();
        }
        Optional<String> candidate = state.links().candidate();
        if (candidate.isEmpty()) {
            return Optional.empty();
        }
        if (!candidate.get().equalsIgnoreCase(expected)) {
            return Optional.of(RolloutStateCodec.CANDIDATE + " '" + shown(candidate.get()) + "' is not the candidate of "
                    + "group " + group + " for " + version.get() + " (" + expected + ")");
        }
        Optional<Pool> listedCandidate = PoolGroups.named(listed, candidate.get());
        if (listedCandidate.isPresent() && state.phase() != RolloutPhase.CREATING_CANDIDATE
                && !linksBack(listedCandidate.get(), name)) {
            return Optional.of("candidate " + candidate.get() + " does not link back to " + name + " (its "
                    + RolloutStateCodec.REPLACES + " names another pool)");
        }
        return Optional.empty();
    }

    /** Whether {@code candidate}'s own metadata says it replaces {@code replaced}. */
    static boolean linksBack(Pool candidate, String replaced) {
        return PoolGroups.stateOf(candidate).links().replaces().filter(replaced::equalsIgnoreCase).isPresent();
    }

    /** The group's first pool, or a candidate of it: {@code {group}-v{M}-{m}-{p}} (hashed when long). */
    static boolean inGroup(String poolName, String group) {
        if (poolName.equalsIgnoreCase(group)) {
            return true;
        }
        Matcher suffix = CANDIDATE_SUFFIX.matcher(poolName);
        if (!suffix.find()) {
            return false;
        }
        Optional<SemanticVersion> version = SemanticVersion.parse(suffix.group(1) + "." + suffix.group(2) + "."
                + suffix.group(3));
        return version.isPresent() && PoolGroups.candidateName(group, version.get()).equalsIgnoreCase(poolName);
    }

    private static Optional<String> versionProblem(String entry, Optional<String> value, String definition,
                                                   boolean required) {
        if (value.isEmpty()) {
            return required ? Optional.of(entry + " is missing mid-rollout") : Optional.empty();
        }
        if (value.get().equalsIgnoreCase(definition) && !required) {
            return Optional.empty(); // a definition as the previous image: older app versions wrote it; never rolled back to
        }
        ImageVersionId id;
        try {
            id = ImageVersionId.parse(value.get());
        } catch (RuntimeException notAVersion) {
            return Optional.of(entry + " '" + shown(value.get()) + "' is not a gallery image version id");
        }
        if (!id.definition().toString().equalsIgnoreCase(definition)) {
            return Optional.of(entry + " " + shown(value.get()) + " is not a version of the policy's image definition "
                    + definition);
        }
        return Optional.empty();
    }

    /** A value as it may appear in a decision: one line, short. */
    public static String shown(String value) {
        String line = CONTROL.matcher(value).replaceAll("?");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
