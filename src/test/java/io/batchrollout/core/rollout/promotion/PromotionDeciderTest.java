package io.batchrollout.core.rollout.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.NodeCounts.StateCounts;
import io.batchrollout.core.rollout.promotion.PromotionDecider.Subject;
import io.batchrollout.core.rollout.promotion.PromotionDecision.Action;
import io.batchrollout.core.rollout.state.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure promotion decision: bake, promote, reject, and what each canary records. */
class PromotionDeciderTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final PromotionDecider DECIDER = new PromotionDecider(Duration.ofHours(1), 10);
    static final Subject CANDIDATE = new Subject.Candidate("1.1.0");

    static NodeCounts counts(int idle, int startTaskFailed) {
        return new NodeCounts("p", new StateCounts(0, idle, 0, 0, 0, 0, 0, 0, startTaskFailed, 0, 0, 0, 0, 0,
                idle + startTaskFailed), StateCounts.NONE);
    }

    static CanaryView resting(String pool, String version, Optional<BakeRecord> record, Optional<NodeCounts> counts) {
        return new CanaryView(pool, version, RolloutPhase.STABLE, false, List.of(), Optional.empty(), record, counts, 10);
    }

    static Optional<BakeRecord> bakingSince(Duration ago) {
        return Optional.of(BakeRecord.started("1.1.0", NOW.minus(ago)));
    }

    @Test
    void aCanaryFirstSeenAtRestOnTheCandidateStartsItsBakeAndNothingIsWrittenToTheGallery() {
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(resting("a", "1.1.0", Optional.empty(), Optional.empty())), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals(PromotionState.BAKING, d.state());
        assertEquals(List.of(new PromotionDecision.Mark("a", BakeRecord.started("1.1.0", NOW))), d.marks());
    }

    @Test
    void aHealthyCanaryShortOfTheBakeWaitsWithoutAnyWrite() {
        PromotionDecision d = DECIDER.decide(CANDIDATE,
                List.of(resting("a", "1.1.0", bakingSince(Duration.ofMinutes(59)), Optional.of(counts(10, 1)))), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals(PromotionState.BAKING, d.state());
        assertEquals(0, d.marks().size());
        assertTrue(d.canaries().get(0).detail().contains("PT1M to go"), d.canaries().get(0).detail());
    }

    @Test
    void everyCanaryHealthyForTheWholeBakePromotesAndRecordsTheVerdictOnEach() {
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(
                resting("a", "1.1.0", bakingSince(Duration.ofHours(1)), Optional.of(counts(10, 0))),
                resting("b", "1.1.0", bakingSince(Duration.ofHours(2)), Optional.of(counts(9, 1)))), NOW);
        assertEquals(Action.PROMOTE, d.action());
        assertEquals(PromotionState.PROMOTED, d.state());
        assertEquals(2, d.marks().size());
        assertTrue(d.marks().stream().allMatch(m -> m.record().verdict().equals(Optional.of(BakeRecord.Verdict.PROMOTED))));
    }

    @Test
    void oneCanaryStillRollingHoldsThePromotionOfTheOthers() {
        CanaryView rolling = new CanaryView("b", "1.1.0", RolloutPhase.VERIFYING, false, List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), 10);
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(
                resting("a", "1.1.0", bakingSince(Duration.ofHours(3)), Optional.of(counts(10, 0))), rolling), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals("rolling", d.canaries().get(1).standing());
    }

    @Test
    void aCanaryThatRolledBackRejectsTheVersionWithItsReasonOnEveryCanary() {
        CanaryView failed = new CanaryView("b", "1.0.0", RolloutPhase.STABLE, false, List.of("1.1.0"),
                Optional.of("1.1.0 failed the health gate"), Optional.empty(), Optional.empty(), 10);
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(
                resting("a", "1.1.0", bakingSince(Duration.ofHours(3)), Optional.of(counts(10, 0))), failed), NOW);
        assertEquals(Action.REJECT, d.action());
        assertEquals(PromotionState.REJECTED, d.state());
        assertTrue(d.reason().contains("canary pool b"), d.reason());
        assertEquals(2, d.marks().size());
        assertTrue(d.marks().stream().allMatch(m -> m.record().verdict().equals(Optional.of(BakeRecord.Verdict.REJECTED))));
    }

    @Test
    void moreUnhealthyNodesThanTheGateAllowsDuringTheBakeRejects() {
        PromotionDecision d = DECIDER.decide(CANDIDATE,
                List.of(resting("a", "1.1.0", bakingSince(Duration.ofMinutes(5)), Optional.of(counts(8, 2)))), NOW);
        assertEquals(Action.REJECT, d.action());
        assertTrue(d.reason().contains("during the bake: 2 of 10 planned nodes startTaskFailed or unusable"), d.reason());
    }

    @Test
    void aVersionTheGalleryAlreadyShowsDecidedWritesOnlyTheCanariesThatDoNotSaySo() {
        CanaryView told = resting("a", "1.1.0", Optional.of(BakeRecord.started("1.1.0", NOW)
                .decided(BakeRecord.Verdict.PROMOTED, "x")), Optional.empty());
        CanaryView untold = resting("b", "1.0.0", Optional.empty(), Optional.empty());
        PromotionDecision d = DECIDER.decide(new Subject.Promoted("1.1.0", "x"), List.of(told, untold), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals(List.of("b"), d.marks().stream().map(PromotionDecision.Mark::pool).toList());
        assertEquals(0, DECIDER.decide(new Subject.Promoted("1.1.0", "x"), List.of(told), NOW).marks().size());
    }

    @Test
    void aCandidateWithoutAnyCanaryWaitsForAnOperator() {
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals(PromotionState.CANDIDATE, d.state());
        assertTrue(d.reason().contains("no canary pool"), d.reason());
    }

    @Test
    void aPausedCanaryOnTheCandidateDoesNotBake() {
        CanaryView paused = new CanaryView("a", "1.1.0", RolloutPhase.STABLE, true, List.of(), Optional.empty(),
                bakingSince(Duration.ofHours(5)), Optional.of(counts(10, 0)), 10);
        PromotionDecision d = DECIDER.decide(CANDIDATE, List.of(paused), NOW);
        assertEquals(Action.NONE, d.action());
        assertEquals(0, d.marks().size());
    }
}
