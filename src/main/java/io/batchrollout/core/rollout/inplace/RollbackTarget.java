package io.batchrollout.core.rollout.inplace;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The version an in-place rollout returns to if the new one fails, fixed when the rollout starts. It must be a concrete
 * gallery version other than the one rolled to: a pool that names its image definition builds nodes from Batch's
 * "latest", which is the version being rolled to (or a newer one), so "the definition" as a rollback target would
 * rebuild the nodes on the version that just failed. Batch does not say which version a node of such a pool runs (the
 * data plane's {@code virtualMachineImageId} is what the pool named, and {@code exactVersion} exists only for
 * Marketplace images), so the version has to come from somewhere else, or the rollout does not start.
 *
 * <p>Pure, like the decider: the nodes' images are an observation the pass reads only when asked ({@link Choice.ReadNodes}).
 */
public final class RollbackTarget {
    private RollbackTarget() {
    }

    sealed interface Choice {
        /** A concrete version id to return to, and where it was learnt (for the decision text). */
        record Known(String versionId, String source) implements Choice {
        }

        /** The nodes' reported images may name it: read them and decide again. */
        record ReadNodes() implements Choice {
        }

        /**
         * No node and a fixed scale of 0/0: nothing runs, so a rollback has no capacity to lose or rebuild. The
         * rollout starts with the definition recorded as where it came from (as before); should the gate fail, the
         * decider does not roll back to it ({@link #usable}) but leaves the pool BLOCKED on the version that failed, and
         * an operator rollback is refused. An autoscaled pool is never taken for empty: its formula brings nodes back.
         */
        record NothingToLose(String from) implements Choice {
        }

        /** Not knowable: the pool stays where it is, BLOCKED, with this lasting reason (what the operator can do). */
        record Unknown(String reason) implements Choice {
        }
    }

    /** True when {@code previous} is a gallery version id other than {@code target}: a rollback to it is safe. */
    public static boolean usable(Optional<String> previous, String target) {
        return previous.filter(RollbackTarget::isVersion).filter(p -> !p.equalsIgnoreCase(target)).isPresent();
    }

    /**
     * Where a rollout of {@code pool} to {@code chosen} may return, in order: the version the pool names; the version
     * recorded on the pool ({@link RolloutState#running}, validated: state read back from Azure is input); nothing, for
     * an empty pool; the version most of its nodes report, when they report a version of the policy's definition.
     */
    static Choice choose(Pool pool, RolloutPolicy policy, RolloutState state, String chosen,
                         Optional<List<String>> nodeImages) {
        String current = pool.imageReferenceId();
        if (isVersion(current) && !current.equalsIgnoreCase(chosen)) {
            return new Choice.Known(current, "the version the pool names");
        }
        String definition = policy.image().definition().toString();
        if (state.running().isPresent()) {
            String running = state.running().get();
            Optional<String> problem = problem(running, definition, chosen);
            return problem.<Choice>map(p -> new Choice.Unknown("the version recorded in " + RolloutStateCodec.RUNNING
                            + " (" + running + ") " + p + "; " + whatToDo(chosen)))
                    .orElseGet(() -> new Choice.Known(running, "the version recorded on the pool"));
        }
        if (nothingToLose(pool)) {
            return new Choice.NothingToLose(current);
        }
        if (nodeImages.isEmpty()) {
            return new Choice.ReadNodes();
        }
        Optional<String> mostRun = nodeImages.get().stream().filter(Objects::nonNull)
                .filter(id -> problem(id, definition, chosen).isEmpty())
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
        return mostRun.<Choice>map(v -> new Choice.Known(v, "the version its nodes report"))
                .orElseGet(() -> new Choice.Unknown("the pool names its image definition and its nodes do not report "
                        + "a version of it (Batch reports the image the pool named), so the version to return to if "
                        + PoolFacts.versionName(chosen) + " fails is unknown; rolling back to the definition would "
                        + "rebuild the nodes on " + PoolFacts.versionName(chosen) + " itself. " + whatToDo(chosen)));
    }

    private static String whatToDo(String chosen) {
        return "State the version the nodes run: adopt the pool again with runningVersion set to it (a version of the "
                + "policy's definition other than " + PoolFacts.versionName(chosen) + "), or set the pool's "
                + "imageReference to that version id; the next pass then starts the rollout";
    }

    /** Why {@code id} cannot be returned to, or empty when it can. */
    private static Optional<String> problem(String id, String definition, String chosen) {
        if (!isVersion(id)) {
            return Optional.of("is not a gallery image version id");
        }
        if (!ImageVersionId.parse(id).definition().toString().equalsIgnoreCase(definition)) {
            return Optional.of("is not a version of the policy's definition " + definition);
        }
        if (id.equalsIgnoreCase(chosen)) {
            return Optional.of("is the version the rollout would go to, so a rollback could not leave it");
        }
        return Optional.empty();
    }

    private static boolean nothingToLose(Pool pool) {
        return pool.currentDedicatedNodes() + pool.currentLowPriorityNodes() == 0
                && pool.scaleSettings() instanceof ScaleSettings.FixedScale fixed && fixed.totalNodes() == 0;
    }

    public static boolean isVersion(String imageReferenceId) {
        try {
            ImageVersionId.parse(imageReferenceId);
            return true;
        } catch (RuntimeException notAVersion) {
            return false;
        }
    }
}
