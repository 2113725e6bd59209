package io.batchrollout.core.rollout.inplace;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ResizeTimeout;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorEdit;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.AzureCallException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the decider does with a step Azure refused on an earlier pass (recorded on the pool). */
class RefusalRulesTest {
    static final String GONE = "The image version '" + V2 + "' was not found.";
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    static Refusal refused(Refusal.Kind kind, String version, int count) {
        return new Refusal(kind, version, 400, "InvalidPropertyValue", NOW, count, GONE);
    }

    static Pool drainedOn(String image) {
        return pool(image, DRAINED, "Steady", 0, List.of());
    }

    @Test
    void aRefusedImageChangeToTheTargetRejectsItAndTheRollbackRestoresCapacityOnTheUnchangedImage() {
        RolloutState state = draining().withRefused(Optional.of(refused(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 1)));

        Step.Record back = assertInstanceOf(Step.Record.class, decider.decide(drainedOn(V1), TRACKED, state, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.ROLLING_BACK, back.state().phase());
        assertTrue(back.state().isRejected("1.1.0"));
        assertTrue(back.reason().contains("image change to 1.1.0") && back.reason().contains("InvalidPropertyValue")
                && back.reason().contains("was not found"), back.reason());

        Step.Restore restore = assertInstanceOf(Step.Restore.class,
                decider.decide(drainedOn(V1), TRACKED, back.state(), seeing(ready("1.1.0"))));
        assertEquals(10, ((io.batchrollout.core.model.ScaleSettings.FixedScale) restore.scale()).totalNodes());
        assertEquals(RolloutPhase.ROLLING_BACK_RESTORE, restore.state().phase());

        Step.Record stable = assertInstanceOf(Step.Record.class,
                decider.decide(steadyFull(V1), TRACKED, restore.state(), seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.STABLE, stable.state().phase());
        assertTrue(stable.reason().startsWith("on 1.0.0; Azure refused the image change to 1.1.0"), stable.reason());
        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V1), TRACKED, stable.state(), seeing(ready("1.1.0"))),
                "at rest the refusal's decision is not overwritten");
    }

    @Test
    void aNewerVersionRollsAfterARefusalAndClearsIt() {
        RolloutState atRest = RolloutState.initial().reject("1.1.0")
                .withRefused(Optional.of(refused(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 1))).withDecision("refused");

        Step.Drain drain = assertInstanceOf(Step.Drain.class, decider.decide(steadyFull(V1), TRACKED, atRest, seeing(ready("1.2.0"))));
        assertEquals(Optional.empty(), drain.state().refused());
    }

    @Test
    void aRefusedImageChangeBackRestoresTheSavedCapacityOnTheImageThePoolHasAndRests() {
        RolloutState rollingBack = draining().reject("1.1.0").enter(RolloutPhase.ROLLING_BACK, NOW)
                .withRefused(Optional.of(refused(Refusal.Kind.CHANGE_IMAGE, "1.0.0", 1)));

        Step.Restore restore = assertInstanceOf(Step.Restore.class,
                decider.decide(drainedOn(V2), TRACKED, rollingBack, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.ROLLING_BACK_RESTORE, restore.state().phase());
        assertTrue(restore.reason().startsWith("rolled back capacity on 1.1.0 because Azure refused the image change to 1.0.0"),
                restore.reason());

        Step.Record rest = assertInstanceOf(Step.Record.class,
                decider.decide(steadyFull(V2), TRACKED, restore.state(), seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.STABLE, rest.state().phase());
        assertEquals(restore.reason(), rest.reason());
        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V2), TRACKED, rest.state(), seeing(ready("1.1.0"))),
                "resting: no endless loop, no rewrite");
    }

    @Test
    void aRefusedDrainRejectsTheVersionAndLeavesThePoolAsItIs() {
        RolloutState atRest = RolloutState.initial().withRefused(Optional.of(refused(Refusal.Kind.DRAIN, "1.1.0", 1)));

        Step.Record record = assertInstanceOf(Step.Record.class, decider.decide(steadyFull(V1), TRACKED, atRest, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.STABLE, record.state().phase());
        assertTrue(record.state().isRejected("1.1.0"));
        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V1), TRACKED, record.state(), seeing(ready("1.1.0"))));
    }

    @Test
    void aRefusedRestoreIsTriedAgainThenLeftForAnOperatorWithAzuresAnswer() {
        Pool changed = drainedOn(V2);
        RolloutState once = draining().withRefused(Optional.of(refused(Refusal.Kind.RESTORE, "1.1.0", 1)));
        Step.Restore again = assertInstanceOf(Step.Restore.class, decider.decide(changed, TRACKED, once, seeing(ready("1.1.0"))));
        assertEquals(Optional.empty(), again.state().refused(), "a restore that goes through leaves no refusal");

        RolloutState thrice = draining().withRefused(Optional.of(refused(Refusal.Kind.RESTORE, "1.1.0", RefusalRules.RESTORE_ATTEMPTS)));
        Step.Record report = assertInstanceOf(Step.Record.class, decider.decide(changed, TRACKED, thrice, seeing(ready("1.1.0"))));
        assertTrue(report.reason().startsWith("capacity NOT restored"), report.reason());
        assertInstanceOf(Step.NoChange.class, decider.decide(changed, TRACKED, report.state(), seeing(ready("1.1.0"))));
    }

    static final ScaleSettings.AutoScale FORMULA = new ScaleSettings.AutoScale("$TargetDedicatedNodes=$Gone;",
            Duration.ofMinutes(5));
    static final String SYNTAX = "The autoscale formula has a syntax error: Line 1, Col 25: unknown variable $Gone";

    static Refusal formulaRefused(int count) {
        return new Refusal(Refusal.Kind.RESTORE, "1.1.0", 400, "AutoScalingFormulaSyntaxError", NOW, count, SYNTAX);
    }

    /** Drained for 1.1.0 with the formula saved, the pool having run 8 dedicated and 2 low-priority nodes. */
    static RolloutState autoscaledDraining(Optional<PoolAutoScaleRun.Targets> planned) {
        return RolloutState.initial().startRollout(V2, V1, FORMULA, NOW.minusSeconds(600)).withSavedNodes(planned)
                .withDecision("drain");
    }

    @Test
    void aFormulaRefusedThreeTimesComesBackAsTheFixedCountsThePoolRanAndIsVerifiedOnThem() {
        RolloutState thrice = autoscaledDraining(Optional.of(new PoolAutoScaleRun.Targets(8, 2)))
                .withRefused(Optional.of(formulaRefused(RefusalRules.RESTORE_ATTEMPTS - 1)));
        assertInstanceOf(Step.Restore.class, decider.decide(drainedOn(V2), TRACKED, thrice, seeing(ready("1.1.0"))));
        assertEquals(FORMULA, ((Step.Restore) decider.decide(drainedOn(V2), TRACKED, thrice, seeing(ready("1.1.0")))).scale(),
                "before the last attempt the formula is asked for again");
        thrice = thrice.withRefused(Optional.of(formulaRefused(RefusalRules.RESTORE_ATTEMPTS)));

        Step.Restore restore = assertInstanceOf(Step.Restore.class, decider.decide(drainedOn(V2), TRACKED, thrice, seeing(ready("1.1.0"))));
        assertEquals(new ScaleSettings.FixedScale(8, 2, ResizeTimeout.forNodes(10), NodeDeallocationOption.TASK_COMPLETION),
                restore.scale());
        assertEquals(RolloutPhase.VERIFYING, restore.state().phase());
        assertEquals(Optional.of(restore.scale()), restore.state().savedScale(), "the gate measures the fixed targets");
        String why = restore.reason();
        assertTrue(why.startsWith("capacity restored as fixed 8/2") && why.contains("refused the autoscale formula 3 times")
                && why.contains("400 AutoScalingFormulaSyntaxError") && why.contains("unknown variable $Gone")
                && why.contains("fix the formula and set it on the pool again")
                && why.contains("does not restore it by itself"), why);

        Pool restored = pool(V2, restore.scale(), "Steady", 10, List.of());
        Step.Verified verified = assertInstanceOf(Step.Verified.class, decider.decide(restored, TRACKED, restore.state(),
                counting(counts(10, 0, 0, 0), NOW.plusSeconds(300))));
        assertEquals(RolloutPhase.STABLE, verified.state().phase());
        assertTrue(verified.reason().startsWith("on 1.1.0, capacity restored as fixed 8/2")
                && verified.reason().contains("health gate passed"), verified.reason());
        assertTrue(verified.state().refused().isPresent(), "kept at rest, to keep saying why");
        assertInstanceOf(Step.NoChange.class, decider.decide(restored, TRACKED, verified.state(), seeing(ready("1.1.0"))),
                "at rest the decision stays and the formula is not set again");
    }

    @Test
    void aFormulaRefusedThreeTimesAfterARollbackComesBackFixedAndThePoolRestsSayingSo() {
        RolloutState rollingBack = autoscaledDraining(Optional.of(new PoolAutoScaleRun.Targets(8, 2))).reject("1.1.0")
                .enter(RolloutPhase.ROLLING_BACK, NOW).withRefused(Optional.of(formulaRefused(RefusalRules.RESTORE_ATTEMPTS)));

        Step.Restore restore = assertInstanceOf(Step.Restore.class, decider.decide(drainedOn(V1), TRACKED, rollingBack, seeing(ready("1.1.0"))));
        assertEquals(10, ((ScaleSettings.FixedScale) restore.scale()).totalNodes());
        assertEquals(RolloutPhase.ROLLING_BACK_RESTORE, restore.state().phase());

        Pool back = pool(V1, restore.scale(), "Steady", 10, List.of());
        Step.Record rest = assertInstanceOf(Step.Record.class, decider.decide(back, TRACKED, restore.state(), seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.STABLE, rest.state().phase());
        assertTrue(rest.reason().startsWith("on 1.0.0; 1.1.0 failed the health gate")
                && rest.reason().contains("capacity restored as fixed 8/2"), rest.reason());
        assertInstanceOf(Step.NoChange.class, decider.decide(back, TRACKED, rest.state(), seeing(ready("1.1.0"))));
    }

    @Test
    void aFixedScaleRefusedThreeTimesStaysDrainedForAnOperator() {
        RolloutState thrice = draining().withRefused(Optional.of(refused(Refusal.Kind.RESTORE, "1.1.0", RefusalRules.RESTORE_ATTEMPTS)));

        Step.Record report = assertInstanceOf(Step.Record.class, decider.decide(drainedOn(V2), TRACKED, thrice, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.DRAINING, report.state().phase());
        assertTrue(report.reason().startsWith("capacity NOT restored") && !report.reason().contains("fell back"), report.reason());
    }

    @Test
    void aFormulaDrainedBeforeTheCountsWereSavedStaysDrainedWithTheOldDecision() {
        RolloutState older = autoscaledDraining(Optional.empty())
                .withRefused(Optional.of(formulaRefused(RefusalRules.RESTORE_ATTEMPTS)));

        Step.Record report = assertInstanceOf(Step.Record.class, decider.decide(drainedOn(V2), TRACKED, older, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.DRAINING, report.state().phase());
        assertTrue(report.reason().startsWith("capacity NOT restored: Azure refused the restore of the saved scale on 1.1.0 "
                + "(400 AutoScalingFormulaSyntaxError") && report.reason().contains("3 times in a row; the pool stays drained"),
                report.reason());
    }

    @Test
    void aFixedFallbackRefusedInTurnIsNotTriedAgainAndThePoolStaysDrained() {
        RolloutState fourTimes = autoscaledDraining(Optional.of(new PoolAutoScaleRun.Targets(8, 2)))
                .withRefused(Optional.of(formulaRefused(RefusalRules.RESTORE_ATTEMPTS + 1)));

        Step.Record report = assertInstanceOf(Step.Record.class, decider.decide(drainedOn(V2), TRACKED, fourTimes, seeing(ready("1.1.0"))));
        assertTrue(report.reason().startsWith("capacity NOT restored") && report.reason().contains("the fixed scale 8/2 it fell back to"),
                report.reason());
        assertInstanceOf(Step.NoChange.class, decider.decide(drainedOn(V2), TRACKED, report.state(), seeing(ready("1.1.0"))));
    }

    @Test
    void aRefusedCandidateCreationRejectsTheVersionWithNothingToCleanUp() {
        RolloutPolicy blueGreen = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.BLUE_GREEN);
        RolloutState creating = RolloutState.initial().startBlueGreen(V2, V1, TEN, "render", "render-1-1-0", NOW)
                .withRefused(Optional.of(refused(Refusal.Kind.CREATE_POOL, "1.1.0", 1)));

        Step.Record record = assertInstanceOf(Step.Record.class, decider.decide(steadyFull(V1), blueGreen, creating, seeing(ready("1.1.0"))));
        assertEquals(RolloutPhase.STABLE, record.state().phase());
        assertTrue(record.state().isRejected("1.1.0"));
        assertEquals(Optional.empty(), record.state().links().candidate());
        assertTrue(record.reason().contains("creation of the candidate on 1.1.0"), record.reason());
    }

    @Test
    void onlyFourHundredAndFourHundredFourAreRefusalsAndForbiddenIsAPermissionProblem() {
        assertTrue(Refusal.isRefusal(new AzureCallException.Failed(400, "InvalidPropertyValue", "bad", null)));
        assertTrue(Refusal.isRefusal(new AzureCallException.NotFound("ResourceNotFound", "gone", null)));
        assertFalse(Refusal.isRefusal(new AzureCallException.Failed(500, "InternalServerError", "oops", null)));
        assertFalse(Refusal.isRefusal(new AzureCallException.Conflict("PoolBeingResized", "busy", null)));
        assertFalse(Refusal.isRefusal(new AzureCallException.PreconditionFailed("ConditionNotMet", "etag", null)));
        AzureCallException forbidden = new AzureCallException.Failed(403, "AuthorizationFailed", "no role", null);
        assertFalse(Refusal.isRefusal(forbidden));
        assertTrue(Refusal.isPermission(forbidden));
        assertEquals(Optional.empty(), Refusal.kindOf(new Step.MoveJob(Step.JobAction.DISABLE, "j", "e", "p", "r"),
                RolloutState.initial()), "job moves keep their own handling");
    }

    @Test
    void theSameStepRefusedAgainIsCountedAndAnotherStepStartsAtOne() {
        AzureCallException e = new AzureCallException.Failed(400, "InvalidPropertyValue", "bad", null);
        Refusal first = Refusal.next(Optional.empty(), Refusal.Kind.RESTORE, "1.1.0", e, NOW);
        Refusal second = Refusal.next(Optional.of(first), Refusal.Kind.RESTORE, "1.1.0", e, NOW);
        Refusal other = Refusal.next(Optional.of(second), Refusal.Kind.CHANGE_IMAGE, "1.1.0", e, NOW);

        assertEquals(List.of(1, 2, 1), List.of(first.count(), second.count(), other.count()));
    }

    @Test
    void anOperatorRetryForgetsTheRefusal() {
        RolloutState atRest = RolloutState.initial().withRefused(Optional.of(refused(Refusal.Kind.RESTORE, "1.1.0", 3)));

        OperatorEdit.Result.Write write = assertInstanceOf(OperatorEdit.Result.Write.class,
                OperatorEdit.apply(OperatorAction.RETRY, steadyFull(V1), atRest, NOW));
        assertEquals(Optional.empty(), write.state().refused());
        assertTrue(write.state().lastDecision().orElseThrow().contains("restore of the saved scale"));
    }
}
