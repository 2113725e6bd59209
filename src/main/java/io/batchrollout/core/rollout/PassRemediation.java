package io.batchrollout.core.rollout;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.remediation.Remediation;
import io.batchrollout.core.rollout.remediation.RemediationStatus;
import io.batchrollout.core.rollout.remediation.ReplicaNeed;
import io.batchrollout.core.rollout.remediation.ReplicaNeeds;
import io.batchrollout.core.rollout.remediation.VersionRemediation;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.Resting;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.GalleryWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * GALLERY_REMEDIATION=replicas within one pass. Before the pools are decided, each tracked pool at rest is asked what
 * the gate holds against its newest candidate (the same cached answers its decision reads, so no request is added
 * for it); the needs are gathered across the pass, each version's update is decided once over all of them
 * ({@link VersionRemediation}) and sent right then, before the pools' decisions, so that each asking pool's BLOCKED
 * decision says what Azure answered: "(replication in progress)" once accepted, "... was refused: 403 ..." when not.
 * ONE attempt per version per pass, whatever the number of pools asking. Level-triggered: nothing is remembered
 * between passes. The version's tag and replication status say what is under way, so a later pass sends nothing
 * while replication runs; a refused update is tried again by the next pass, with the same words as long as Azure
 * answers the same, so the pool is written once.
 */
public final class PassRemediation {

    /** What remediation needs besides the pass: the gallery writes, the replica rule, the allowed galleries. */
    public record Config(GalleryWrites writes, ReplicaRule rule, Predicate<GalleryId> galleryAllowed) {
    }

    static final PassRemediation NONE = new PassRemediation(Map.of());

    private final Map<PoolId, String> waiting;

    private PassRemediation(Map<PoolId, String> waiting) {
        this.waiting = waiting;
    }

    /**
     * Decides and sends this pass's updates. Sent before the pools are decided (not after their writes) so the words
     * a pool records are Azure's answer, not a hope: a pool recorded "replication in progress" for an update Azure had
     * refused would otherwise keep saying so for a pass, and be written twice. Safe this early: a version some pool
     * rolls to, or starts rolling to this pass, is not updated at all (below), and the pools' decisions read the
     * pass's cached version, which the update does not make ready any sooner.
     */
    static PassRemediation plan(Config config, List<FleetSnapshot.Managed> managed, ImageResolver images,
                                Consumer<String> log) {
        Map<PoolId, String> waiting = new HashMap<>();
        List<ReplicaNeed> needs = new ArrayList<>();
        // Versions some pool is rolling to, or would start rolling to this pass: an update makes the version Updating,
        // and the readiness check right before their image change would then stop those rollouts.
        Set<String> rolledTo = new HashSet<>();
        for (FleetSnapshot.Managed m : managed) {
            if (!(RolloutStateCodec.decode(m.pool().metadata()) instanceof RolloutStateCodec.Decoded.Present present)) {
                continue;
            }
            if (present.state().phase().inProgress()) {
                present.state().target().ifPresent(t -> rolledTo.add(t.toLowerCase(Locale.ROOT)));
            }
            if (!RolloutDecider.needsImage(m.policy(), present.state())) {
                continue;
            }
            try {
                need(m, images, config.rule(), waiting, rolledTo).ifPresent(needs::add);
            } catch (AzureCallException | IllegalArgumentException e) {
                // The pool's own decision reads the same answers and reports the failure.
            }
        }
        Map<String, ImageVersionId> versions = new LinkedHashMap<>();
        needs.forEach(n -> versions.putIfAbsent(n.version().toString().toLowerCase(Locale.ROOT), n.version()));
        for (ImageVersionId id : versions.values()) {
            Optional<ImageVersion> read = images.versionAsRead(id);
            if (read.isEmpty()) {
                continue;
            }
            List<ReplicaNeed> mine = needs.stream().filter(n -> n.version().toString().equalsIgnoreCase(id.toString())).toList();
            if (!(VersionRemediation.decide(read.get(), mine, config.galleryAllowed().test(id.definition().gallery()))
                    instanceof Remediation.Update update)) {
                continue;
            }
            if (rolledTo.contains(id.toString().toLowerCase(Locale.ROOT))) {
                mine.forEach(n -> waiting.put(n.pool(), "will be " + update.text() + " once the rollouts to "
                        + id.versionName() + " in progress have finished"));
                continue;
            }
            Optional<AzureCallException> refused = send(config.writes(), update, log);
            mine.forEach(n -> waiting.put(n.pool(), refused.map(e -> RemediationStatus.refusedText(update, n.region(), e))
                    .orElseGet(() -> RemediationStatus.plannedText(update, n.region()))));
        }
        return new PassRemediation(waiting);
    }

    /** The pool's need, or (its version already being remediated) the words it waits with. */
    private static Optional<ReplicaNeed> need(FleetSnapshot.Managed m, ImageResolver images, ReplicaRule rule,
                                              Map<PoolId, String> waiting, Set<String> rolledTo) {
        Pool pool = m.pool();
        PoolTarget target = PoolReads.target(m.account(), pool);
        String region = RegionName.normalize(m.account().location());
        ImageDefinitionId definition = m.policy().image().definition();
        ImageChoice choice = images.resolveRunning(m.policy().image(), target, pool.imageReferenceId());
        if (choice instanceof ImageChoice.Ready ready && !ready.version().id().toString().equalsIgnoreCase(pool.imageReferenceId())) {
            rolledTo.add(ready.version().id().toString().toLowerCase(Locale.ROOT));
        }
        Optional<ReplicaNeed> tooFew = ReplicaNeeds.tooFewReplicas(definition, pool.id(), region, target.totalNodes(), choice);
        if (tooFew.isPresent()) {
            return tooFew;
        }
        Optional<ReplicaNeeds.Newest> newest = ReplicaNeeds.newestBlocked(choice);
        Optional<String> underWay = newest.flatMap(n -> images.versionAsRead(definition.version(n.versionName()))
                .flatMap(v -> RemediationStatus.waitingText(v, region, n)));
        if (underWay.isPresent()) {
            waiting.put(pool.id(), underWay.get());
            return Optional.empty();
        }
        Optional<ImageVersionId> missing = images.listedVersions(definition).flatMap(listed -> ReplicaNeeds
                .newerVersionMissingRegion(listed, region, Optional.ofNullable(pool.imageReferenceId())
                        .map(PoolFacts::versionName)));
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        ImageChoice verdict = images.resolve(new ImageRef.Pinned(missing.get()), target);
        return ReplicaNeeds.regionMissing(missing.get(), pool.id(), region, target.totalNodes(),
                rule.replicasNeeded(target.totalNodes()), verdict);
    }

    /** A resting decision of a pool that waits for a remediation says so instead of the gate's reasons. */
    Step reword(Pool pool, RolloutState state, Step step, Instant now) {
        String text = waiting.get(pool.id());
        boolean resting = step instanceof Step.NoChange
                || step instanceof Step.Record r && !r.state().phase().inProgress();
        if (text == null || !resting) {
            return step;
        }
        return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on "
                + PoolFacts.versionName(pool.imageReferenceId()) + ": " + text, now);
    }

    /** One attempt, never retried within the pass: a refusal is logged and is the asking pools' words. */
    private static Optional<AzureCallException> send(GalleryWrites writes, Remediation.Update update, Consumer<String> log) {
        try {
            writes.updateVersion(update.version(), update.update());
            log.accept("gallery version=" + update.version().versionName() + " step=remediate | " + update.text()
                    + " (" + update.version() + ")");
            return Optional.empty();
        } catch (AzureCallException e) {
            log.accept("WARNING gallery version=" + update.version().versionName() + " step=remediate | not sent: "
                    + update.text() + ": Azure answered " + e.status() + " " + e.code() + ": " + e.getMessage());
            return Optional.of(e);
        }
    }
}
