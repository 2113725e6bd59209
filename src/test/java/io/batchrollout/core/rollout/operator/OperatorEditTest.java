package io.batchrollout.core.rollout.operator;

import static io.batchrollout.core.rollout.DeciderFixtures.DRAINED;
import static io.batchrollout.core.rollout.DeciderFixtures.NOW;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.TRACKED;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static io.batchrollout.core.rollout.DeciderFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.DeciderFixtures;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each operator action as a pure edit of the recorded state, and what the decider then does with it. */
class OperatorEditTest {
    private final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    private static RolloutState written(OperatorEdit.Result result) {
        return assertInstanceOf(OperatorEdit.Result.Write.class, result).state();
    }

    @Test
    void pauseSetsThePauseKeepsThePhaseAndTheDeciderThenTakesNoStep() {
        Pool draining = DeciderFixtures.pool(V1, DRAINED, "Steady", 0, List.of());
        RolloutState paused = written(OperatorEdit.apply(OperatorAction.PAUSE, draining, DeciderFixtures.draining(), NOW));

        assertTrue(paused.paused());
        assertEquals(RolloutPhase.DRAINING, paused.phase());
        assertEquals("operator: pause in phase DRAINING; passes take no step until resumed", paused.lastDecision().orElseThrow());
        Step step = decider.decide(draining, TRACKED, paused, DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0")));
        assertInstanceOf(Step.NoChange.class, step, "an empty paused pool is not given its new image");
    }

    @Test
    void pausingAPausedPoolAndResumingARunningOneChangeNothing() {
        Pool pool = DeciderFixtures.steadyFull(V1);
        RolloutState paused = written(OperatorEdit.apply(OperatorAction.PAUSE, pool, RolloutState.initial(), NOW));

        assertInstanceOf(OperatorEdit.Result.AlreadySo.class, OperatorEdit.apply(OperatorAction.PAUSE, pool, paused, NOW));
        assertInstanceOf(OperatorEdit.Result.AlreadySo.class, OperatorEdit.apply(OperatorAction.RESUME, pool, RolloutState.initial(), NOW));
    }

    @Test
    void resumeClearsThePauseAndTheDeciderContinuesFromThePhase() {
        Pool empty = DeciderFixtures.pool(V1, DRAINED, "Steady", 0, List.of());
        RolloutState paused = OperatorEdit.withPaused(DeciderFixtures.draining(), true);

        RolloutState resumed = written(OperatorEdit.apply(OperatorAction.RESUME, empty, paused, NOW));

        assertFalse(resumed.paused());
        assertEquals(RolloutPhase.DRAINING, resumed.phase());
        Step step = decider.decide(empty, TRACKED, resumed, DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0")));
        assertEquals(V2, assertInstanceOf(Step.ChangeImage.class, step).imageReferenceId());
    }

    @Test
    void retryForgetsTheRejectionSoTheNextPassDrainsTowardsThatVersionAgain() {
        Pool pool = DeciderFixtures.steadyFull(V1);
        RolloutState rejected = RolloutState.initial().reject("1.1.0").withDecision("1.1.0 failed the health gate");
        assertInstanceOf(Step.NoChange.class, decider.decide(pool, TRACKED, rejected.withDecision(
                "on 1.0.0; 1.1.0 failed the health gate on this pool and is not tried again until a newer version appears "
                        + "or an operator retries it"), DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0"))));

        RolloutState retried = written(OperatorEdit.apply(OperatorAction.RETRY, pool, rejected, NOW));

        assertEquals(List.of(), retried.rejected());
        assertTrue(retried.lastDecision().orElseThrow().startsWith("operator: retry; forgot the rejection of 1.1.0"));
        Step step = decider.decide(pool, TRACKED, retried, DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0")));
        assertEquals(V2, assertInstanceOf(Step.Drain.class, step).state().target().orElseThrow());
    }

    @Test
    void retryAfterTheBlueGreenAttemptsRanOutForgetsThemSoTheNextPassStartsAFreshCandidate() {
        Pool pool = DeciderFixtures.steadyFull(V1);
        RolloutState ranOut = new RolloutState(RolloutPhase.BLOCKED, Optional.of(V2), Optional.of(V1), Optional.of(NOW),
                Optional.empty(), BlueGreenDecider.MAX_ATTEMPTS, List.of(), false, Optional.of("blocked"), BlueGreenLinks.NONE,
                Optional.empty());

        RolloutState retried = written(OperatorEdit.apply(OperatorAction.RETRY, pool, ranOut, NOW));

        assertEquals(0, retried.attempts());
        assertTrue(retried.lastDecision().orElseThrow().contains("forgot the 3 attempts at 1.1.0"),
                retried.lastDecision().orElseThrow());
    }

    @Test
    void retryWithNothingRejectedChangesNothing() {
        assertInstanceOf(OperatorEdit.Result.AlreadySo.class,
                OperatorEdit.apply(OperatorAction.RETRY, DeciderFixtures.steadyFull(V1), RolloutState.initial(), NOW));
    }

    @Test
    void rollbackWhileVerifyingRejectsTheTargetAndTheDeciderDrainsTowardsThePrevious() {
        Pool restored = DeciderFixtures.steadyFull(V2);
        RolloutState verifying = DeciderFixtures.verifyingSince(NOW.minusSeconds(60));

        RolloutState back = written(OperatorEdit.apply(OperatorAction.ROLLBACK, restored, verifying, NOW));

        assertEquals(RolloutPhase.ROLLING_BACK, back.phase());
        assertEquals(Optional.of(NOW), back.since());
        assertEquals(Optional.of(V1), back.previous());
        assertEquals(Optional.of(TEN), back.savedScale());
        assertEquals(List.of("1.1.0"), back.rejected());
        assertEquals("operator: rollback from 1.1.0 to 1.0.0 (was VERIFYING); 1.1.0 is rejected on this pool until retried",
                back.lastDecision().orElseThrow());
        Step step = decider.decide(restored, TRACKED, back, DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0")));
        assertEquals(0, assertInstanceOf(Step.Drain.class, step).scale().totalNodes());
    }

    @Test
    void rollbackWhileDrainingBeforeTheImageChangedRestoresCapacityOnThePreviousVersionAtOnce() {
        Pool emptyOnV1 = DeciderFixtures.pool(V1, DRAINED, "Steady", 0, List.of());
        RolloutState paused = OperatorEdit.withPaused(DeciderFixtures.draining(), true);

        RolloutState back = written(OperatorEdit.apply(OperatorAction.ROLLBACK, emptyOnV1, paused, NOW));

        assertFalse(back.paused(), "a rollback runs without another call");
        assertTrue(back.lastDecision().orElseThrow().contains("(was DRAINING, paused)"), back.lastDecision().orElseThrow());
        Step step = decider.decide(emptyOnV1, TRACKED, back, DeciderFixtures.seeing(DeciderFixtures.ready("1.1.0")));
        Step.Restore restore = assertInstanceOf(Step.Restore.class, step);
        assertEquals(10, ((io.batchrollout.core.model.ScaleSettings.FixedScale) restore.scale()).totalNodes());
        assertEquals(RolloutPhase.ROLLING_BACK_RESTORE, restore.state().phase());
    }

    @Test
    void rollbackAfterAFinishedRolloutReturnsToTheVersionItReplaced() {
        RolloutState settled = DeciderFixtures.verifyingSince(NOW).settle(RolloutPhase.STABLE, NOW);

        RolloutState back = written(OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V2), settled, NOW));

        assertEquals(RolloutPhase.ROLLING_BACK, back.phase());
        assertEquals(Optional.of(V1), back.previous());
        assertEquals(List.of("1.1.0"), back.rejected());
    }

    @Test
    void rollbackAtRestWithoutARecordedPreviousVersionIsRefusedWithTheReason() {
        RolloutState neverRolled = new RolloutState(RolloutPhase.STABLE, Optional.empty(), Optional.empty(), Optional.of(NOW),
                Optional.empty(), 0, List.of(), false, Optional.empty());

        OperatorEdit.Result result = OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V2), neverRolled, NOW);

        String reason = assertInstanceOf(OperatorEdit.Result.Refused.class, result).reason();
        assertTrue(reason.startsWith("nothing to roll back: the pool is in phase STABLE on 1.1.0"), reason);
    }

    /** A definition as the previous image (as an earlier app version recorded it) resolves to "latest": refused. */
    @Test
    void rollbackToADefinitionIsRefusedAtRestAndMidRolloutAndNothingIsWritten() {
        String definition = DeciderFixtures.UBUNTU.toString();
        RolloutState finished = new RolloutState(RolloutPhase.STABLE, Optional.of(V2), Optional.of(definition),
                Optional.of(NOW), Optional.empty(), 1, List.of(), false, Optional.empty());
        RolloutState verifying = RolloutState.initial().startRollout(V2, definition, TEN, NOW)
                .enter(RolloutPhase.VERIFYING, NOW);

        for (RolloutState state : List.of(finished, verifying)) {
            OperatorEdit.Result result = OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V2), state, NOW);

            String reason = assertInstanceOf(OperatorEdit.Result.Refused.class, result, state.phase().name()).reason();
            assertTrue(reason.startsWith("no concrete version to roll back to"), reason);
            assertTrue(reason.contains("imageReference"), reason);
        }
    }

    @Test
    void rollbackWhosePreviousIsTheVersionRolledToIsRefused() {
        RolloutState verifying = RolloutState.initial().startRollout(V2, V2, TEN, NOW).enter(RolloutPhase.VERIFYING, NOW);

        OperatorEdit.Result result = OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V2), verifying, NOW);

        assertTrue(assertInstanceOf(OperatorEdit.Result.Refused.class, result).reason()
                .contains("is the version being rolled back"));
    }

    @Test
    void rollbackAtRestOnAnotherVersionThanTheRecordedPreviousRollsBackWithTheCurrentCapacity() {
        RolloutState atRest = new RolloutState(RolloutPhase.STABLE, Optional.of(V2), Optional.of(V1), Optional.of(NOW),
                Optional.empty(), 1, List.of(), false, Optional.empty());

        RolloutState back = written(OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V2), atRest, NOW));

        assertEquals(RolloutPhase.ROLLING_BACK, back.phase());
        assertEquals(Optional.of(V2), back.target());
        assertEquals(Optional.of(TEN), back.savedScale());
        assertEquals(List.of("1.1.0"), back.rejected());
        assertInstanceOf(OperatorEdit.Result.Refused.class,
                OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V1), atRest, NOW), "already on previous");
    }

    @Test
    void rollbackWhileAlreadyRollingBackChangesNothingAndARetiringBlueGreenRolloutIsRefused() {
        Pool pool = DeciderFixtures.steadyFull(V2);
        RolloutState rollingBack = DeciderFixtures.verifyingSince(NOW).enter(RolloutPhase.ROLLING_BACK, NOW);
        assertInstanceOf(OperatorEdit.Result.AlreadySo.class, OperatorEdit.apply(OperatorAction.ROLLBACK, pool, rollingBack, NOW));

        RolloutState retiring = DeciderFixtures.draining().enter(RolloutPhase.RETIRING_OLD_POOL, NOW);
        assertTrue(assertInstanceOf(OperatorEdit.Result.Refused.class, OperatorEdit.apply(OperatorAction.ROLLBACK, pool,
                retiring, NOW)).reason().contains("blue-green"));
    }

    @Test
    void rollbackWhileMovingJobsAbortsTheBlueGreenRolloutAndRejectsItsVersion() {
        RolloutState moving = DeciderFixtures.draining().enter(RolloutPhase.MOVING_JOBS, NOW);

        RolloutState aborting = written(OperatorEdit.apply(OperatorAction.ROLLBACK, DeciderFixtures.steadyFull(V1), moving, NOW));

        assertEquals(RolloutPhase.ABORTING, aborting.phase());
        assertEquals(List.of("1.1.0"), aborting.rejected());
    }
}
