package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.promotion.BakeRecord;
import io.batchrollout.core.rollout.promotion.CanaryView;
import io.batchrollout.core.rollout.promotion.PromotionDecider;
import io.batchrollout.core.rollout.promotion.PromotionDecision;
import io.batchrollout.core.rollout.promotion.PromotionNotices;
import io.batchrollout.core.rollout.promotion.PromotionSubject;
import io.batchrollout.core.rollout.promotion.PromotionUpdates;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchNodes;
import io.batchrollout.port.BatchPools;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.port.RolloutNotifications;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Gated promotion, after a pass's pools are decided: per image definition that canary pools track, the newest version
 * as the pass's version list shows it ({@link PromotionSubject}; no read of its own), the canaries as listed (node counts
 * read only for those baking it), the pure {@link PromotionDecider}, then at most one gallery write (conditional on
 * the version as read: of two passes deciding the same, one lands) and the canaries' bake records (each with its pool's
 * ETag: a pool written by this pass's own step is refused, and the next pass writes it). A failure here is the
 * definition's own: it is logged and the pass's pools are not affected.
 */
final class PassPromotions {
    private final GalleryWrites writes;
    private final BatchPools pools;
    private final PromotionDecider decider;
    private final Clock clock;
    private final Consumer<String> log;
    /** The last line logged per definition, so a pass at rest logs nothing new (as {@link DecisionMemory} for pools). */
    private final Map<String, String> lastLine = new ConcurrentHashMap<>();

    PassPromotions(GalleryWrites writes, BatchPools pools, PromotionDecider decider, Clock clock, Consumer<String> log) {
        this.writes = writes;
        this.pools = pools;
        this.decider = decider;
        this.clock = clock;
        this.log = log;
    }

    /** The lines worth logging (a decision new or changed, a write, a failure), also handed to the pass's log. */
    List<String> run(List<FleetSnapshot.Managed> managed, ImageResolver passReads, BatchNodes nodes,
                     RolloutNotifications notifications) {
        List<String> lines = new ArrayList<>();
        Consumer<String> out = line -> {
            lines.add(line);
            log.accept(line);
        };
        Map<String, List<FleetSnapshot.Managed>> canaries = new LinkedHashMap<>();
        for (FleetSnapshot.Managed m : managed) {
            if (m.policy().seesCandidates() && !isCandidatePool(m.pool())) {
                canaries.computeIfAbsent(m.policy().image().definition().toString().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(m);
            }
        }
        for (List<FleetSnapshot.Managed> ofDefinition : canaries.values()) {
            ImageDefinitionId definition = ofDefinition.get(0).policy().image().definition();
            try {
                decide(definition, ofDefinition, passReads, nodes, notifications, out);
            } catch (RuntimeException e) {
                out.accept("WARNING promotion image=" + definition.imageName() + " | not decided: " + e);
            }
        }
        return lines;
    }

    private void decide(ImageDefinitionId definition, List<FleetSnapshot.Managed> canaries, ImageResolver passReads,
                        BatchNodes nodes, RolloutNotifications notifications, Consumer<String> log) {
        Optional<List<ImageVersion>> listed = passReads.listedVersions(definition);
        Optional<PromotionSubject.Found> found = listed.flatMap(PromotionSubject::of);
        if (found.isEmpty()) {
            return;
        }
        String version = found.get().subject().version();
        Map<String, FleetSnapshot.Managed> byName = new LinkedHashMap<>();
        List<CanaryView> views = new ArrayList<>();
        for (FleetSnapshot.Managed m : canaries) {
            // Named by the pool alone unless another canary in another account has the same name.
            String name = m.pool().id().poolName();
            String label = canaries.stream().filter(o -> o.pool().id().poolName().equalsIgnoreCase(name)).count() > 1
                    ? m.pool().id().account().accountName() + "/" + name : name;
            byName.put(label, m);
            views.add(view(m, label, version, nodes));
        }
        PromotionDecision decision = decider.decide(found.get().subject(), views, clock.instant());
        boolean written = apply(found.get().version(), decision, log);
        if (written && decision.action() != PromotionDecision.Action.NONE) {
            PassNotices.publish(notifications, List.of(PromotionNotices.of(found.get().version().id(), decision.state(),
                    decision.reason(), clock.instant())), log);
        }
        if (written) {
            decision.marks().forEach(mark -> mark(byName.get(mark.pool()), mark.record(), log));
        }
        String line = "promotion image=" + definition.imageName() + " version=" + version + " state="
                + decision.state().wireName() + " | " + decision.reason();
        if (!line.equals(lastLine.put(definition.toString().toLowerCase(Locale.ROOT), line))
                || decision.action() != PromotionDecision.Action.NONE) {
            log.accept(line);
        }
    }

    /** The gallery write, if any: true when the canaries' records may follow (nothing to write, or it landed). */
    private boolean apply(ImageVersion version, PromotionDecision decision, Consumer<String> log) {
        if (decision.action() == PromotionDecision.Action.NONE) {
            return true;
        }
        GalleryWrites.VersionUpdate update = decision.action() == PromotionDecision.Action.PROMOTE
                ? PromotionUpdates.promote(version, decision.reason() + " (" + clock.instant() + ")")
                : PromotionUpdates.reject(version, decision.reason());
        try {
            writes.updateVersion(version.id(), update);
            log.accept("promotion image=" + version.id().definition().imageName() + " version=" + version.id().versionName()
                    + " step=" + decision.action().name().toLowerCase(Locale.ROOT) + " | " + decision.reason());
            return true;
        } catch (AzureCallException.PreconditionFailed | AzureCallException.Conflict raced) {
            log.accept("promotion image=" + version.id().definition().imageName() + " version=" + version.id().versionName()
                    + " | not written: the version changed since this pass read it (" + raced.status() + " " + raced.code()
                    + "); the next pass decides again");
            return false;
        } catch (AzureCallException e) {
            log.accept("WARNING promotion image=" + version.id().definition().imageName() + " version="
                    + version.id().versionName() + " | " + (e.status() == 403 ? "PERMISSION DENIED: " : "")
                    + decision.action().name().toLowerCase(Locale.ROOT) + " failed with " + e.status() + " " + e.code()
                    + "; the next pass tries again");
            return false;
        }
    }

    private void mark(FleetSnapshot.Managed m, BakeRecord record, Consumer<String> log) {
        Pool pool = m.pool();
        try {
            pools.update(pool.id(), PoolUpdate.metadata(record.writeInto(pool.metadata())), pool.etag());
        } catch (AzureCallException e) {
            // 412 when this pass's own step wrote the pool: the record follows next pass, from a fresh read.
            log.accept("promotion pool=" + pool.id().poolName() + " | bake record not written (" + e.status() + " "
                    + e.code() + "); the next pass writes it");
        }
    }

    private static CanaryView view(FleetSnapshot.Managed m, String label, String version, BatchNodes nodes) {
        Pool pool = m.pool();
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        RolloutState state = decoded instanceof RolloutStateCodec.Decoded.Present p ? p.state() : null;
        // An unreadable state is the pool's own decision (UNREADABLE); here it only keeps the canary from proving anything.
        RolloutPhase phase = state == null ? RolloutPhase.BLOCKED : state.phase();
        CanaryView seen = new CanaryView(label, PoolFacts.versionName(pool.imageReferenceId()), phase,
                state != null && state.paused(), state == null ? List.of() : state.rejected(),
                state == null ? Optional.of("rollout state unreadable") : state.lastDecision(),
                BakeRecord.of(pool.metadata()), Optional.empty(), PoolReads.target(m.account(), pool).totalNodes());
        if (!seen.needsCounts(version)) {
            return seen;
        }
        Optional<NodeCounts> counts;
        try {
            counts = Optional.of(nodes.nodeCounts(m.account(), pool.id().poolName()));
        } catch (AzureCallException e) {
            counts = Optional.empty();
        }
        return seen.withCounts(counts);
    }

    /** A blue-green candidate carries its group's policy but not its rollout: the pool it replaces is the canary. */
    private static boolean isCandidatePool(Pool pool) {
        return RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present p
                && p.state().phase() == RolloutPhase.CANDIDATE;
    }
}
