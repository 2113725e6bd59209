package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The health gate of an autoscaled pool measures it against Batch's evaluation of the formula after the phase start,
 * in place and blue-green alike; never against the nodes it happens to run.
 */
class AutoscaleGateTest {
    static final ScaleSettings.AutoScale AUTO = new ScaleSettings.AutoScale("$TargetDedicatedNodes=10;", Duration.ofMinutes(5));
    /** Restored ten minutes ago: the deadline is the restore plus 15 minutes (Batch's resize timeout) plus 10 of grace. */
    static final Instant SINCE = NOW.minus(Duration.ofMinutes(10));
    static final Instant AFTER_DEADLINE = SINCE.plus(Duration.ofMinutes(25));
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    static RolloutState verifyingAutoscale() {
        return RolloutState.initial().startRollout(V2, V1, AUTO, SINCE.minus(Duration.ofMinutes(20)))
                .enter(RolloutPhase.VERIFYING, SINCE);
    }

    static Pool autoscaled(String allocationState, int nodes, Optional<PoolAutoScaleRun> run) {
        return pool(V2, AUTO, allocationState, nodes, List.of()).withAutoScaleRun(run);
    }

    static Optional<PoolAutoScaleRun> run(Instant at, String results) {
        return Optional.of(PoolAutoScaleRun.of(at, results, Optional.empty()));
    }

    static Optional<PoolAutoScaleRun> failedRun(Instant at) {
        return Optional.of(PoolAutoScaleRun.of(at, "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0",
                Optional.of(new PoolAutoScaleRun.Error("InsufficientSampleData",
                        "Autoscale evaluation failed due to insufficient sample data", List.of("Line 1, Col 24: no samples")))));
    }

    @Test
    void theTargetIsWhatTheFormulaAskedForNotTheNodesThePoolRuns() {
        Pool shortOfTarget = autoscaled("Steady", 2, run(SINCE, "$TargetDedicatedNodes=10;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue"));

        Step step = decider.decide(shortOfTarget, TRACKED, verifyingAutoscale(), counting(counts(2, 0, 0, 0), NOW));

        Step.RollBack back = assertInstanceOf(Step.RollBack.class, step);
        assertTrue(back.reason().contains("2 of 10 target nodes idle or running"), back.reason());
        assertEquals(List.of("1.1.0"), back.state().rejected());
    }

    @Test
    void aPoolThatGotWhatTheFormulaAskedForPasses() {
        Pool full = autoscaled("Steady", 10, run(SINCE.plusSeconds(1), "$TargetDedicatedNodes=10;$TargetLowPriorityNodes=0"));

        Step step = decider.decide(full, TRACKED, verifyingAutoscale(), counting(counts(10, 0, 0, 0), NOW));

        assertEquals(RolloutPhase.STABLE, assertInstanceOf(Step.Verified.class, step).state().phase());
    }

    @Test
    void anEvaluationOlderThanThePhaseStartIsNotTrustedTheGateWaitsForANewerOne() {
        Pool stale = autoscaled("Steady", 0, run(SINCE.minusSeconds(1), "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0"));

        Step waiting = decider.decide(stale, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), NOW));
        Step noRun = decider.decide(autoscaled("Steady", 0, Optional.empty()), TRACKED, verifyingAutoscale(),
                counting(counts(0, 0, 0, 0), NOW));
        Step late = decider.decide(stale, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), AFTER_DEADLINE));

        assertTrue(assertInstanceOf(Step.NoChange.class, waiting).reason().contains("no evaluation of the autoscale formula"),
                waiting.reason());
        assertInstanceOf(Step.NoChange.class, noRun);
        assertTrue(assertInstanceOf(Step.RollBack.class, late).reason().contains("by the deadline"), late.reason());
    }

    @Test
    void aZeroTargetWaitsForNodesThenPassesAtTheDeadlineSayingThereWasNothingToVerify() {
        Pool idle = autoscaled("Steady", 0, run(SINCE, "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0"));

        Step waiting = decider.decide(idle, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), NOW));
        Step atDeadline = decider.decide(idle, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), AFTER_DEADLINE));

        assertTrue(assertInstanceOf(Step.NoChange.class, waiting).reason().contains("asked for 0 nodes"), waiting.reason());
        Step.Verified verified = assertInstanceOf(Step.Verified.class, atDeadline);
        assertTrue(verified.state().lastDecision().orElseThrow().contains("no nodes to verify"),
                verified.state().lastDecision().orElseThrow());
    }

    @Test
    void nodesThatAppearUnderAZeroTargetAreGated() {
        Pool broken = autoscaled("Steady", 2, run(SINCE, "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0"));

        Step step = decider.decide(broken, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 2), NOW));

        assertTrue(assertInstanceOf(Step.RollBack.class, step).reason().contains("0 of 2 target nodes"), step.reason());
    }

    @Test
    void anEvaluationErrorWaitsNamingTheErrorThenFailsTheGateAtTheDeadline() {
        Pool failing = autoscaled("Steady", 0, failedRun(SINCE.plusSeconds(30)));

        Step waiting = decider.decide(failing, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), NOW));
        Step late = decider.decide(failing, TRACKED, verifyingAutoscale(), counting(counts(0, 0, 0, 0), AFTER_DEADLINE));

        assertTrue(assertInstanceOf(Step.NoChange.class, waiting).reason().contains("InsufficientSampleData"), waiting.reason());
        Step.RollBack back = assertInstanceOf(Step.RollBack.class, late);
        assertTrue(back.reason().contains("InsufficientSampleData"), back.reason());
        assertTrue(back.reason().contains("Line 1, Col 24"), back.reason());
    }

    @Test
    void aBlueGreenCandidateIsGatedByTheSameRule() {
        RolloutState verifying = BlueGreenDeciderTest.inPhase(RolloutPhase.CANDIDATE_VERIFYING);
        Pool old = BlueGreenDeciderTest.named("render", V1, AUTO, 10, verifying);
        RolloutState candidateState = RolloutState.initial().withLinks(BlueGreenLinks.candidateOf("render", "render"))
                .enter(RolloutPhase.CANDIDATE, NOW.minusSeconds(400));
        Pool fresh = BlueGreenDeciderTest.named(BlueGreenDeciderTest.CANDIDATE, V2, AUTO, 0, candidateState);

        Step beforeEvaluation = decider.decide(old, BlueGreenDeciderTest.BLUE_GREEN, verifying,
                BlueGreenDeciderTest.sees(List.of(old, fresh), Optional.empty(), Optional.of(counts(0, 0, 0, 0)), List.of(), List.of()));
        Pool evaluated = fresh.withAutoScaleRun(run(NOW.minusSeconds(390), "$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0"));
        Step broken = decider.decide(old, BlueGreenDeciderTest.BLUE_GREEN, verifying, BlueGreenDeciderTest.sees(
                List.of(old, evaluated), Optional.empty(), Optional.of(counts(0, 0, 0, 3)), List.of(), List.of()));

        assertTrue(assertInstanceOf(Step.NoChange.class, beforeEvaluation).reason().contains("no evaluation"),
                beforeEvaluation.reason());
        RolloutState aborting = assertInstanceOf(Step.Record.class, broken).state();
        assertEquals(RolloutPhase.ABORTING, aborting.phase());
        assertTrue(aborting.lastDecision().orElseThrow().contains("0 of 3 target nodes"), aborting.lastDecision().orElseThrow());
    }

    @Test
    void anAutoscaledPoolIsPlannedForTheLargerOfItsNodesAndItsEvaluatedTargets() {
        Pool growing = autoscaled("Resizing", 2, run(SINCE, "$TargetDedicatedNodes=10;$TargetLowPriorityNodes=4"));
        Pool shrinking = autoscaled("Resizing", 12, run(SINCE, "$TargetDedicatedNodes=10;$TargetLowPriorityNodes=0"));

        assertEquals(new PoolAutoScaleRun.Targets(10, 4), PlannedNodes.autoscaled(growing));
        assertEquals(new PoolAutoScaleRun.Targets(12, 0), PlannedNodes.autoscaled(shrinking));
        assertEquals(new PoolAutoScaleRun.Targets(2, 0), PlannedNodes.autoscaled(growing.withAutoScaleRun(failedRun(SINCE))));
    }
}
