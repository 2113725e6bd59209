package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.port.AzureCallException;
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
