package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.inplace.RollbackTarget;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The last check before a step that acts on another resource or on the image, against what Azure says now: the
 * decision was made from metadata anyone may edit ({@link StateValidation}), and a version may have been flagged since
 * the rollout started.
 *
 * <ul>
 *   <li>an image rolled to (image change, candidate creation) is a version of the policy's definition and passes the
 *       readiness gate for the pool right now (gallery in ALLOWED_GALLERY_IDS, not reported for a policy violation,
 *       replicated...); one that no longer passes is not applied: the rollout stops and the pool returns to its
 *       capacity on the image it has ({@link Outcome.Replaced});</li>
 *   <li>an image rolled back to is the recorded previous version of the policy's definition, in an allowed gallery;</li>
 *   <li>a pool deleted, created or receiving jobs is this pool or the group's deterministic candidate for the target,
 *       and a listed candidate links back to this pool.</li>
 * </ul>
 * A failed check on the facts themselves is {@link Outcome.Tampered}: nothing is applied.
 */
final class StepCheck {
    private StepCheck() {
    }

    sealed interface Outcome {
        record Proceed(Step step) implements Outcome {
        }

        /** The target no longer passes the gate: this step instead (no image applied). */
        record Replaced(Step step) implements Outcome {
        }

        record Tampered(String reason) implements Outcome {
        }
    }

    static Outcome check(BatchAccount account, Pool pool, RolloutPolicy policy, RolloutState state, Step step,
                         List<Pool> listed, ImageResolver images, Instant now) {
        String self = pool.id().poolName();
        String definition = policy.image().definition().toString();
        if (step instanceof Step.ChangeImage change) {
            String image = change.imageReferenceId();
            if (!isVersionOf(image, definition)) {
                return new Outcome.Tampered("the image change names " + StateValidation.shown(image) + ", not a version "
                        + "of the policy's image definition " + definition);
            }
            if (state.target().filter(image::equalsIgnoreCase).isPresent()) {
                List<Reason> reasons = notReady(images, image, sizedFor(account, pool, state));
                return reasons.isEmpty() ? new Outcome.Proceed(step)
                        : new Outcome.Replaced(stopBeforeImage(pool, state, image, reasons, now));
            }
            if (state.previous().filter(image::equalsIgnoreCase).isEmpty()) {
                return new Outcome.Tampered("the image change names " + StateValidation.shown(image)
                        + ", neither the rollout's target nor its recorded previous version");
            }
            List<Reason> reasons = notReady(images, image, sizedFor(account, pool, state));
            Optional<Reason> gallery = reasons.stream().filter(r -> r.code() == ReasonCode.GALLERY_NOT_ALLOWED).findFirst();
            return gallery.<Outcome>map(r -> new Outcome.Tampered("the rollback version "
                    + PoolFacts.versionName(image) + " is in a gallery outside ALLOWED_GALLERY_IDS"))
                    .orElseGet(() -> new Outcome.Proceed(step));
        }
        if (step instanceof Step.CreatePool create) {
            Optional<String> expected = expectedCandidate(pool, state);
            if (expected.filter(create.id().poolName()::equalsIgnoreCase).isEmpty()) {
                return new Outcome.Tampered("the candidate to create, " + create.id().poolName()
                        + ", is not the group's candidate for the rollout's target");
            }
            String image = create.spec().imageReferenceId();
            if (!isVersionOf(image, definition) || state.target().filter(image::equalsIgnoreCase).isEmpty()) {
                return new Outcome.Tampered("the candidate's image " + StateValidation.shown(image)
                        + " is not the rollout's target of the policy's image definition");
            }
            List<Reason> reasons = notReady(images, image, sizedFor(account, pool, state));
            return reasons.isEmpty() ? new Outcome.Proceed(step) : new Outcome.Replaced(Step.record(
                    state.settle(RolloutPhase.BLOCKED, now).withDecision("blocked, the pool stays on "
                            + PoolFacts.versionName(pool.imageReferenceId()) + " and candidate "
                            + create.id().poolName() + " is not created: " + PoolFacts.versionName(image)
                            + " no longer passes the readiness gate (" + text(reasons) + ")")));
        }
        if (step instanceof Step.DeletePool delete && !delete.pool().id().poolName().equalsIgnoreCase(self)) {
            return groupPeer(pool, state, delete.pool().id().poolName(), listed, "delete")
                    .<Outcome>map(Outcome.Tampered::new).orElseGet(() -> new Outcome.Proceed(step));
        }
        if (step instanceof Step.MoveJob move && !move.toPool().equalsIgnoreCase(self)) {
            return groupPeer(pool, state, move.toPool(), listed, "move job " + move.jobId() + " to")
                    .<Outcome>map(Outcome.Tampered::new).orElseGet(() -> new Outcome.Proceed(step));
        }
        return new Outcome.Proceed(step);
    }

    /** Why {@code other} may not be acted on from {@code pool}: it must be the validated candidate linking back. */
    private static Optional<String> groupPeer(Pool pool, RolloutState state, String other, List<Pool> listed, String what) {
        String self = pool.id().poolName();
        Optional<String> expected = expectedCandidate(pool, state);
        if (expected.filter(other::equalsIgnoreCase).isEmpty() || state.links().candidate()
                .filter(other::equalsIgnoreCase).isEmpty()) {
            return Optional.of("refused to " + what + " pool " + StateValidation.shown(other) + ": it is not the group's "
                    + "candidate for the rollout's target");
        }
        Optional<Pool> listedOther = PoolGroups.named(listed, other);
        if (listedOther.isPresent() && !StateValidation.linksBack(listedOther.get(), self)) {
            return Optional.of("refused to " + what + " pool " + other + ": it does not link back to " + self);
        }
        return Optional.empty();
    }

    private static Optional<String> expectedCandidate(Pool pool, RolloutState state) {
        return state.target().flatMap(t -> SemanticVersion.parse(PoolFacts.versionName(t)))
                .map(v -> PoolGroups.candidateName(PoolGroups.groupOf(pool), v));
    }

    /**
     * In place, drained and empty, the target no longer passes: its capacity comes back on the image the pool has when
     * that is a concrete version (one write), otherwise the rollback changes the image to the previous version first.
     * The version is not rejected: a later pass picks it again only if the gate passes again.
     */
    private static Step stopBeforeImage(Pool pool, RolloutState state, String image, List<Reason> reasons, Instant now) {
        String why = PoolFacts.versionName(image) + " no longer passes the readiness gate (" + text(reasons)
                + "): its image is not applied";
        boolean onPrevious = state.previous().filter(pool.imageReferenceId()::equalsIgnoreCase).isPresent()
                || (RollbackTarget.isVersion(pool.imageReferenceId()) && !pool.imageReferenceId().equalsIgnoreCase(image));
        if (onPrevious && state.savedScale().isPresent() && PoolFacts.steady(pool)) {
            return Step.restore(pool, state.savedScale().get(), state.settle(RolloutPhase.BLOCKED, now).withDecision(
                    "blocked, the pool stays on " + PoolFacts.versionName(pool.imageReferenceId()) + ": " + why
                            + "; its capacity is restored"));
        }
        return Step.record(state.enter(RolloutPhase.ROLLING_BACK, now).withDecision("roll back to "
                + state.previous().map(PoolFacts::versionName).orElse("?") + ": " + why));
    }

    /**
     * The gate's reasons for {@code versionId} on this pool now; empty when it passes. A version that is gone is left to
     * Azure: the step is refused (400/404), recorded and the version rejected ({@link io.batchrollout.core.rollout.inplace.RefusalRules}), as before.
     */
    private static List<Reason> notReady(ImageResolver images, String versionId, PoolTarget target) {
        ImageChoice choice = images.resolve(new ImageRef.Pinned(ImageVersionId.parse(versionId)), target);
        List<Reason> reasons = choice instanceof ImageChoice.NotReady notReady ? notReady.reasons() : List.of();
        return reasons.stream().allMatch(r -> r.code() == ReasonCode.IMAGE_NOT_FOUND) ? List.of() : reasons;
    }

    /** Drained mid-rollout, the pool is sized by the capacity it will get back, not the 0 nodes it has now. */
    private static PoolTarget sizedFor(BatchAccount account, Pool pool, RolloutState state) {
        ScaleSettings scale = state.savedScale().orElse(pool.scaleSettings());
        if (scale instanceof ScaleSettings.FixedScale f && f.totalNodes() > 0) {
            return new PoolTarget(account, f.targetDedicatedNodes(), f.targetLowPriorityNodes(), pool.nodeAgentSkuId());
        }
        return state.savedNodes().map(n -> new PoolTarget(account, n.dedicated(), n.lowPriority(), pool.nodeAgentSkuId()))
                .orElseGet(() -> new PoolTarget(account, Math.max(pool.currentDedicatedNodes(), 0),
                        Math.max(pool.currentLowPriorityNodes(), 0), pool.nodeAgentSkuId()));
    }

    private static boolean isVersionOf(String image, String definition) {
        try {
            return ImageVersionId.parse(image).definition().toString().equalsIgnoreCase(definition);
        } catch (RuntimeException notAVersion) {
            return false;
        }
    }

    private static String text(List<Reason> reasons) {
        return reasons.stream().map(r -> r.code() + ": " + r.lastingMessage()).collect(Collectors.joining("; "));
    }
}
