package io.batchrollout.core.rollout.inplace;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rollback target of an in-place rollout is fixed when it starts, and is never the definition a pool names (Batch
 * builds from "latest", the version rolled to) nor the version rolled to: {@link RollbackTarget}.
 */
class RollbackTargetDeciderTest {
    static final String DEFINITION = UBUNTU.toString();
    static final String V0 = UBUNTU.version("0.9.0").toString();
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    private static Observations seeingNodes(String... images) {
        return seeing(ready("1.1.0")).withNodeImages(Arrays.asList(images));
    }

    @Test
    void aPoolNamingItsDefinitionAsksForItsNodesImagesBeforeItDrains() {
        Step step = decider.decide(steadyFull(DEFINITION), TRACKED, RolloutState.initial(), seeing(ready("1.1.0")));

        assertInstanceOf(Step.ReadNodeImages.class, step);
    }

    @Test
    void nodesThatReportOnlyTheDefinitionLeaveThePoolBlockedWithWhatTheOperatorCanDo() {
        Step step = decider.decide(steadyFull(DEFINITION), TRACKED, RolloutState.initial(),
                seeingNodes(DEFINITION, DEFINITION, null));

        Step.Record record = assertInstanceOf(Step.Record.class, step, "no drain: nothing to roll back to");
        assertEquals(RolloutPhase.BLOCKED, record.state().phase());
        assertTrue(record.reason().contains("runningVersion"), record.reason());
        assertTrue(record.reason().contains("imageReference"), record.reason());
        assertEquals(Optional.empty(), record.state().target());
    }

    @Test
    void theSameBlockedReasonIsNotWrittenAgain() {
        Step.Record first = (Step.Record) decider.decide(steadyFull(DEFINITION), TRACKED, RolloutState.initial(),
                seeingNodes(DEFINITION));

        Step again = decider.decide(steadyFull(DEFINITION), TRACKED, first.state(), seeingNodes(DEFINITION));

        assertInstanceOf(Step.NoChange.class, again);
    }

    @Test
    void nodesThatReportAConcreteVersionGiveTheRollbackTargetTheMostCommonOne() {
        Step step = decider.decide(steadyFull(DEFINITION), TRACKED, RolloutState.initial(),
                seeingNodes(V1, V1, V0, DEFINITION, V2));

        Step.Drain drain = assertInstanceOf(Step.Drain.class, step);
        assertEquals(Optional.of(V1), drain.state().previous());
        assertEquals(Optional.of(V2), drain.state().target());
    }

    @Test
    void nodesThatReportOnlyTheVersionRolledToGiveNoRollbackTarget() {
        Step step = decider.decide(steadyFull(DEFINITION), TRACKED, RolloutState.initial(), seeingNodes(V2, V2));

        assertEquals(RolloutPhase.BLOCKED, assertInstanceOf(Step.Record.class, step).state().phase());
    }

    @Test
    void aRecordedRunningVersionIsTheRollbackTargetWithoutReadingNodesAndIsConsumed() {
        RolloutState adopted = RolloutState.initial().withRunning(Optional.of(V1));

        Step step = decider.decide(steadyFull(DEFINITION), TRACKED, adopted, seeing(ready("1.1.0")));

        Step.Drain drain = assertInstanceOf(Step.Drain.class, step);
        assertEquals(Optional.of(V1), drain.state().previous());
        assertEquals(Optional.empty(), drain.state().running(), "consumed by the rollout it started");
        assertTrue(drain.reason().contains("recorded"), drain.reason());
    }

    @Test
    void aRecordedRunningVersionEqualToTheTargetOrOfAnotherDefinitionBlocks() {
        String otherDefinition = GALLERY.image("windows").version("1.0.0").toString();
        for (String recorded : List.of(V2, otherDefinition, DEFINITION, "not an id")) {
            RolloutState adopted = RolloutState.initial().withRunning(Optional.of(recorded));

            Step step = decider.decide(steadyFull(DEFINITION), TRACKED, adopted, seeing(ready("1.1.0")));

            Step.Record record = assertInstanceOf(Step.Record.class, step, recorded);
            assertEquals(RolloutPhase.BLOCKED, record.state().phase(), recorded);
            assertTrue(record.reason().contains(RolloutStateCodec.RUNNING), record.reason());
        }
    }

    /** No node and a fixed scale of 0/0: nothing to lose, so the rollout starts as before (recording the definition). */
    @Test
    void anEmptyFixedPoolRollsWithoutReadingNodes() {
        Step step = decider.decide(pool(DEFINITION, DRAINED, "Steady", 0, List.of()), TRACKED, RolloutState.initial(),
                seeing(ready("1.1.0")));

        Step.Drain drain = assertInstanceOf(Step.Drain.class, step);
        assertEquals(Optional.of(DEFINITION), drain.state().previous());
    }

    @Test
    void anEmptyAutoscaledPoolIsNotTakenForEmpty() {
        ScaleSettings auto = new ScaleSettings.AutoScale("$TargetDedicatedNodes=2;", java.time.Duration.ofMinutes(5));
        Step step = decider.decide(pool(DEFINITION, auto, "Steady", 0, List.of()), TRACKED, RolloutState.initial(),
                seeing(ready("1.1.0")));

        assertInstanceOf(Step.ReadNodeImages.class, step);
    }

    @Test
    void aFailedGateWithADefinitionAsPreviousLeavesThePoolBlockedOnTheFailedVersionInsteadOfRollingToLatest() {
        // As a previous app version recorded it: the definition as the rollback target.
        RolloutState verifying = RolloutState.initial().startRollout(V2, DEFINITION, TEN, NOW.minusSeconds(1200))
                .enter(RolloutPhase.VERIFYING, NOW.minusSeconds(600));

        Step step = decider.decide(steadyFull(V2), TRACKED, verifying, counting(counts(0, 0, 0, 10), NOW));

        Step.Record record = assertInstanceOf(Step.Record.class, step, "not a RollBack to the definition");
        assertEquals(RolloutPhase.BLOCKED, record.state().phase());
        assertEquals(List.of("1.1.0"), record.state().rejected());
        assertTrue(record.reason().contains("failed the health gate"), record.reason());

        Step atRest = decider.decide(steadyFull(V2), TRACKED, record.state(), seeing(ready("1.1.0")));
        assertInstanceOf(Step.NoChange.class, atRest, "the reason lasts: not rewritten as up to date");
    }

    @Test
    void aRollbackInProgressToADefinitionDoesNotChangeTheImage() {
        RolloutState back = RolloutState.initial().startRollout(V2, DEFINITION, TEN, NOW.minusSeconds(1200))
                .enter(RolloutPhase.ROLLING_BACK, NOW.minusSeconds(60));

        Step step = decider.decide(pool(V2, DRAINED, "Steady", 0, List.of()), TRACKED, back, seeing(ready("1.1.0")));

        assertInstanceOf(Step.NoChange.class, step);
        assertTrue(step.reason().contains("operator"), step.reason());
    }
}
