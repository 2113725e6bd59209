package io.batchrollout.core.rollout;

import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The per-pool half of a {@link Reconciler} pass: observe one pool and decide its step. Holds nothing between pools
 * but what every pool shares (the decider, the guard, the capacity reader, the clock).
 */
final class PoolReconciler {
    private final RolloutDecider decider;
    private final PoolGuard guard;
    private final CapacityReader capacity;
    private final Clock clock;

    PoolReconciler(RolloutDecider decider, PoolGuard guard, CapacityReader capacity, Clock clock) {
        this.decider = decider;
        this.guard = guard;
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * One pool: observe what its phase needs and decide; the answer is either the pool's decision (nothing to write) or
     * the {@link PoolStepWriter.Write} to apply. {@code started} hears the version of a rollout this pool starts, before
     * the write: a write that fails (412 from a concurrent pass, throttling) still holds the slot for the rest of the
     * pass, the safe side.
     */
    Object reconcile(BatchAccount account, Pool pool, RolloutPolicy policy, List<Pool> listed,
                     ImageResolver images, BatchNodes nodes, Optional<BatchJobs> jobs, ImageWave wave,
                     PassRemediation remedies, Consumer<String> started, PassNotices notices) {
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        if (decoded instanceof RolloutStateCodec.Decoded.Unreadable unreadable) {
            return decision(pool, "UNREADABLE", PoolFacts.versionName(pool.imageReferenceId()), "none",
                    unreadable.reason() + "; fix or remove those entries");
        }
        RolloutState state = ((RolloutStateCodec.Decoded.Present) decoded).state();
        // State is input: what it names is checked against the listed pools and the policy before anything reads or acts.
        Optional<String> tampered = StateValidation.problem(pool, policy, state, listed);
        if (tampered.isPresent()) {
            return guard.tampered(pool, tampered.get(), text -> notices.tampered(pool, state, text));
        }
        Step step;
        Optional<ImageChoice> image = Optional.empty();
        try {
            image = RolloutDecider.needsImage(policy, state)
                    ? Optional.of(images.resolveRunning(policy.image(), PoolReads.target(account, pool), pool.imageReferenceId()))
                    : Optional.empty();
            Optional<NodeCounts> counts = RolloutDecider.needsNodeCounts(state)
                    ? Optional.of(nodes.nodeCounts(account, pool.id().poolName())) : Optional.empty();
            Optional<BlueGreenView> view = PoolReads.blueGreen(policy, state)
                    ? Optional.of(PoolReads.observeGroup(account, pool, state, listed, nodes, jobs)) : Optional.empty();
            Observations seen = new Observations(image, counts, clock.instant(), view, wave);
            step = decider.decide(pool, policy, state, seen);
            if (step instanceof Step.ReadNodeImages) {
                // Read only when an in-place rollout of a pool naming its definition is about to start.
                List<String> reported = nodes.nodes(account, pool.id().poolName()).stream()
                        .map(ComputeNode::imageReferenceId).toList();
                step = decider.decide(pool, policy, state, seen.withNodeImages(reported));
            }
            if (step instanceof Step.ReadQuota && view.isPresent()) {
                // Quotas and usage change: the cached account is not trusted for them. Read only when a rollout starts.
                BlueGreenView withQuota = new BlueGreenView(listed, Optional.of(capacity.read(account.id())),
                        view.get().candidateNodes(), view.get().jobsOnOld(), view.get().jobsOnCandidate());
                step = decider.decide(pool, policy, state, new Observations(image, counts, clock.instant(),
                        Optional.of(withQuota), wave));
            }
            // The facts a step acts on (another pool, a job's pool, the image) are checked against Azure right before it.
            StepCheck.Outcome checked = StepCheck.check(account, pool, policy, state, step, listed, images, clock.instant());
            if (checked instanceof StepCheck.Outcome.Tampered t) {
                return guard.tampered(pool, t.reason(), text -> notices.tampered(pool, state, text));
            }
            step = checked instanceof StepCheck.Outcome.Replaced r ? r.step() : step;
            step = remedies.reword(pool, state, step, clock.instant());
        } catch (PoolReads.NoJobAccess noJobs) {
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), "none", "not decided: " + noJobs.getMessage());
        } catch (AzureCallException e) {
            if (e.status() == 403) {
                notices.denied(pool, state, "reading", e);
            }
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), "none", "not decided: reading failed with "
                    + e.status() + " " + e.code() + "; next pass tries again");
        }
        if (!state.phase().inProgress()) {
            Step.stateAfter(step).filter(s -> s.phase().inProgress()).flatMap(RolloutState::target)
                    .ifPresent(target -> started.accept(PoolFacts.versionName(target)));
        }
        if (notices.on()) {
            PassNotices.waitingFor(pool, state, step, image, wave).ifPresent(version -> notices.heldBack(pool, version));
        }
        String phaseAfter = Step.stateAfter(step).map(s -> s.phase().name()).orElse(state.phase().name());
        if (step instanceof Step.NoChange) {
            return decision(pool, phaseAfter, PoolReads.version(pool, Step.stateAfter(step).orElse(state)), step.label(), step.reason());
        }
        return new PoolStepWriter.Write(account, pool, state, step, phaseAfter);
    }

    static PassReport.PoolDecision decision(Pool pool, String phase, String version, String step, String reason) {
        return new PassReport.PoolDecision(pool.id(), phase, version, step, reason);
    }
}
