package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.NodeCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pure promotion decision for one image definition's newest candidate (a version published with excludeFromLatest),
 * from its canary pools as one pass read them. Level-triggered: nothing is remembered between passes but what the
 * gallery (excludeFromLatest, the app's tags) and the canaries' metadata ({@link BakeRecord}) say, so any pass may
 * decide again, and two passes at once decide the same; the gallery write that follows is conditional on the
 * version's ETag, so only one of them lands.
 *
 * <p>A canary proves the candidate once it rests on it (STABLE, so its health gate passed), and stays healthy for
 * PROMOTION_BAKE from the first pass that saw it there: no more startTaskFailed or unusable nodes than the gate's
 * MAX_UNHEALTHY_PERCENT of its planned nodes, no rollback. The candidate is promoted when every canary of the
 * definition has proved it; any canary failing rejects it (the rollback is the rollout's own business).
 */
public record PromotionDecider(Duration bake, int maxUnhealthyPercent) {

    public PromotionDecider {
        if (bake.isNegative()) {
            throw new IllegalArgumentException("the bake cannot be negative");
        }
        if (maxUnhealthyPercent < 0 || maxUnhealthyPercent > 100) {
            throw new IllegalArgumentException("maxUnhealthyPercent out of range: " + maxUnhealthyPercent);
        }
    }

    /** What the gallery says of the version: a candidate still, or already decided (by a pass or an operator). */
    public sealed interface Subject {
        String version();

        record Candidate(String version) implements Subject {
        }

        record Rejected(String version, String reason) implements Subject {
        }

        record Promoted(String version, String reason) implements Subject {
        }
    }

    public PromotionDecision decide(Subject subject, List<CanaryView> canaries, Instant now) {
        List<CanaryView> ordered = canaries.stream().sorted(Comparator.comparing(CanaryView::pool)).toList();
        String version = subject.version();
        if (subject instanceof Subject.Rejected rejected) {
            return settled(version, PromotionState.REJECTED, BakeRecord.Verdict.REJECTED, rejected.reason(), ordered, now);
        }
        if (subject instanceof Subject.Promoted promoted) {
            return settled(version, PromotionState.PROMOTED, BakeRecord.Verdict.PROMOTED, promoted.reason(), ordered, now);
        }
        if (ordered.isEmpty()) {
            return new PromotionDecision(version, PromotionDecision.Action.NONE, PromotionState.CANDIDATE,
                    version + " is a candidate (excluded from latest), but no canary pool tracks the definition: "
                            + "adopt or create one with rollout.canary, or promote it by hand", List.of(), List.of());
        }
        List<PromotionDecision.Standing> standings = new ArrayList<>();
        List<PromotionDecision.Mark> starts = new ArrayList<>();
        Optional<String> failure = Optional.empty();
        int ready = 0;
        int baking = 0;
        for (CanaryView c : ordered) {
            Optional<String> failed = failure(version, c);
            if (failed.isPresent()) {
                failure = failure.or(() -> failed);
                standings.add(new PromotionDecision.Standing(c.pool(), "failed", failed.get()));
                continue;
            }
            if (!c.restingOn(version)) {
                boolean rolling = c.runningVersion().equals(version) || c.phase().inProgress();
                standings.add(new PromotionDecision.Standing(c.pool(), rolling ? "rolling" : "waiting",
                        "on " + c.runningVersion() + ", phase " + c.phase() + (c.paused() ? ", paused" : "")
                                + c.lastDecision().map(d -> ": " + d).orElse("")));
                continue;
            }
            Optional<BakeRecord> record = c.recordFor(version);
            if (record.isEmpty()) {
                starts.add(new PromotionDecision.Mark(c.pool(), BakeRecord.started(version, now)));
                standings.add(new PromotionDecision.Standing(c.pool(), "baking", "bake starts now, " + bake + " to go"));
                baking++;
                continue;
            }
            Duration baked = Duration.between(record.get().since(), now);
            if (c.counts().isEmpty()) {
                standings.add(new PromotionDecision.Standing(c.pool(), "baking", "node counts not read this pass"));
                baking++;
            } else if (baked.compareTo(bake) >= 0) {
                standings.add(new PromotionDecision.Standing(c.pool(), "ready", "healthy for " + bake + " since "
                        + record.get().since() + ": " + health(c)));
                ready++;
            } else {
                standings.add(new PromotionDecision.Standing(c.pool(), "baking", "healthy since " + record.get().since()
                        + ", " + bake.minus(baked) + " to go: " + health(c)));
                baking++;
            }
        }
        if (failure.isPresent()) {
            String reason = failure.get();
            return new PromotionDecision(version, PromotionDecision.Action.REJECT, PromotionState.REJECTED, reason,
                    verdicts(version, BakeRecord.Verdict.REJECTED, reason, ordered, now), standings);
        }
        if (ready == ordered.size()) {
            String reason = "every canary (" + String.join(", ", ordered.stream().map(CanaryView::pool).toList())
                    + ") passed its health gate on " + version + " and stayed healthy for " + bake;
            return new PromotionDecision(version, PromotionDecision.Action.PROMOTE, PromotionState.PROMOTED, reason,
                    verdicts(version, BakeRecord.Verdict.PROMOTED, reason, ordered, now), standings);
        }
        String reason = version + " is a candidate: " + ready + " of " + ordered.size() + " canaries proved it, "
                + baking + " baking (" + bake + ")";
        return new PromotionDecision(version, PromotionDecision.Action.NONE,
                baking + ready > 0 ? PromotionState.BAKING : PromotionState.CANDIDATE, reason, starts, standings);
    }

    /** Why this canary failed the version, if it did: a rollback, an earlier bake verdict, or unhealthy nodes now. */
    private Optional<String> failure(String version, CanaryView c) {
        if (c.rejected().contains(version)) {
            return Optional.of(version + " failed on canary pool " + c.pool() + " (health gate failed, rolled back)"
                    + c.lastDecision().map(d -> ": " + d).orElse(""));
        }
        Optional<BakeRecord> record = c.recordFor(version);
        if (record.flatMap(BakeRecord::verdict).filter(v -> v == BakeRecord.Verdict.REJECTED).isPresent()) {
            return Optional.of(record.get().reason().orElse(version + " was rejected on canary pool " + c.pool()));
        }
        if (record.isPresent() && c.restingOn(version) && c.counts().isPresent() && !healthy(c)) {
            return Optional.of(version + " failed on canary pool " + c.pool() + " during the bake: " + health(c));
        }
        return Optional.empty();
    }

    private boolean healthy(CanaryView c) {
        int unhealthy = unhealthy(c.counts().get());
        return 100L * unhealthy <= (long) maxUnhealthyPercent * c.plannedNodes();
    }

    private String health(CanaryView c) {
        return c.counts().map(n -> unhealthy(n) + " of " + c.plannedNodes() + " planned nodes startTaskFailed or unusable (at most "
                + maxUnhealthyPercent + "%)").orElse("node counts not read");
    }

    private static int unhealthy(NodeCounts counts) {
        return counts.dedicated().startTaskFailed() + counts.dedicated().unusable() + counts.lowPriority().startTaskFailed()
                + counts.lowPriority().unusable();
    }

    /** A version already decided in the gallery: only the canaries that do not say so yet get the verdict written. */
    private static PromotionDecision settled(String version, PromotionState state, BakeRecord.Verdict verdict, String reason,
                                             List<CanaryView> canaries, Instant now) {
        List<PromotionDecision.Standing> standings = canaries.stream()
                .map(c -> new PromotionDecision.Standing(c.pool(), state.wireName(), reason)).toList();
        return new PromotionDecision(version, PromotionDecision.Action.NONE, state, reason,
                verdicts(version, verdict, reason, canaries, now), standings);
    }

    private static List<PromotionDecision.Mark> verdicts(String version, BakeRecord.Verdict verdict, String reason,
                                                         List<CanaryView> canaries, Instant now) {
        List<PromotionDecision.Mark> marks = new ArrayList<>();
        for (CanaryView c : canaries) {
            Optional<BakeRecord> record = c.recordFor(version);
            if (record.flatMap(BakeRecord::verdict).filter(v -> v == verdict).isPresent()) {
                continue;
            }
            BakeRecord base = record.orElse(BakeRecord.started(version, now));
            marks.add(new PromotionDecision.Mark(c.pool(), base.decided(verdict, reason)));
        }
        return marks;
    }
}
