package io.batchrollout.core.rollout.inplace;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutDeciderTest {
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    @Test
    void aNewReadyVersionDrainsTheSteadyPoolSavingItsScale() {
        Step step = decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(ready("1.1.0")));

        Step.Drain drain = assertInstanceOf(Step.Drain.class, step);
        assertEquals(0, drain.scale().totalNodes());
        assertEquals(ScaleSettings.NodeDeallocationOption.TASK_COMPLETION, drain.scale().nodeDeallocationOption());
        assertEquals(RolloutPhase.DRAINING, drain.state().phase());
        assertEquals(Optional.of(TEN), drain.state().savedScale());
        assertEquals(Optional.of(V2), drain.state().target());
        assertEquals(Optional.of(V1), drain.state().previous());
        assertEquals(Optional.of(NOW), drain.state().since());
        assertEquals(1, drain.state().attempts());
    }

    @Test
    void replicationNotFinishedInPoolRegionBlocksRollout() {
        ImageChoice notReady = new ImageChoice.NotReady(List.of(replicating("1.1.0")));
        Step step = decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(notReady));

        Step.Record record = assertInstanceOf(Step.Record.class, step);
        assertEquals(RolloutPhase.BLOCKED, record.state().phase());
        assertTrue(record.reason().contains("REPLICATION_IN_PROGRESS"), record.reason());
        assertTrue(record.reason().contains("northeurope"), record.reason());
    }

    @Test
    void aNewerVersionPassedOverForItsReplicationBlocksThePoolOnItsCurrentVersion() {
        Step step = decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(ready("1.0.0", replicating("1.1.0"))));

        Step.Record record = assertInstanceOf(Step.Record.class, step);
        assertEquals(RolloutPhase.BLOCKED, record.state().phase());
        assertTrue(record.reason().contains("1.1.0 is still replicating"), record.reason());
    }

    @Test
    void theSameBlockedDecisionIsNotWrittenTwice() {
        ImageChoice notReady = new ImageChoice.NotReady(List.of(replicating("1.1.0")));
        Step first = decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(notReady));
        RolloutState recorded = ((Step.Record) first).state();

        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V1), TRACKED, recorded, seeing(notReady)));
    }

    @Test
    void aPoolOnTheNewestReadyVersionIsLeftAlone() {
        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(ready("1.0.0"))));
    }

    @Test
    void pinnedPoolsAreNeverRolled() {
        RolloutPolicy pinned = new RolloutPolicy(new ImageRef.Pinned(UBUNTU.version("1.0.0")), RolloutStrategy.IN_PLACE);
        assertEquals(false, RolloutDecider.needsImage(pinned, RolloutState.initial()));
        Step step = decider.decide(steadyFull(V1), pinned, RolloutState.initial(), seeing(ready("1.1.0")));
        assertTrue(assertInstanceOf(Step.NoChange.class, step).reason().startsWith("pinned"));
    }

    @Test
    void aRejectedVersionIsNotTriedAgainButANewerOneIs() {
        RolloutState rejected = RolloutState.initial().reject("1.1.0");
        assertInstanceOf(Step.Record.class, decider.decide(steadyFull(V1), TRACKED, rejected, seeing(ready("1.1.0"))));
        assertInstanceOf(Step.Drain.class, decider.decide(steadyFull(V1), TRACKED, rejected, seeing(ready("1.2.0"))));
    }

    @Test
    void aResizingPoolIsNotDrainedUntilSteady() {
        Pool resizing = pool(V1, TEN, "Resizing", 4, List.of());
        assertInstanceOf(Step.NoChange.class, decider.decide(resizing, TRACKED, RolloutState.initial(), seeing(ready("1.1.0"))));
    }

    @Test
    void anOlderEligibleVersionIsNotADowngrade() {
        Pool onNewer = steadyFull(UBUNTU.version("1.2.0").toString());
        assertInstanceOf(Step.Record.class, decider.decide(onNewer, TRACKED, RolloutState.initial(), seeing(ready("1.1.0"))));
    }

    @Test
    void aNewerVersionMidRolloutWaitsForTheCurrentOne() {
        assertEquals(false, RolloutDecider.needsImage(TRACKED, draining()));
        Pool stillDraining = pool(V1, DRAINED, "Resizing", 3, List.of());
        Step step = decider.decide(stillDraining, TRACKED, draining(), seeing(ready("1.2.0")));
        assertTrue(assertInstanceOf(Step.NoChange.class, step).reason().contains("3 nodes left"));
    }

    @Test
    void steadyEmptyPoolGetsTheNewImage() {
        Step step = decider.decide(pool(V1, DRAINED, "Steady", 0, List.of()), TRACKED, draining(), seeing(ready("1.2.0")));
        assertEquals(V2, assertInstanceOf(Step.ChangeImage.class, step).imageReferenceId());
    }

    @Test
    void anEmptyPoolOnTheNewImageGetsItsCapacityBackAndIsVerified() {
        Step step = decider.decide(pool(V2, DRAINED, "Steady", 0, List.of()), TRACKED, draining(), seeing(ready("1.1.0")));
        Step.Restore restore = assertInstanceOf(Step.Restore.class, step);
        assertEquals(TEN, restore.scale());
        assertEquals(RolloutPhase.VERIFYING, restore.state().phase());
        assertEquals(Optional.of(NOW), restore.state().since());
    }

    @Test
    void theRestoredResizeTimeoutIsSizedToThePool() {
        ScaleSettings big = new ScaleSettings.FixedScale(2500, 0, Duration.ofMinutes(15), null);
        assertEquals(Duration.ofMinutes(45), ((ScaleSettings.FixedScale) Step.restoreScale(big)).resizeTimeout());
        ScaleSettings generous = new ScaleSettings.FixedScale(10, 0, Duration.ofMinutes(40), null);
        assertEquals(Duration.ofMinutes(40), ((ScaleSettings.FixedScale) Step.restoreScale(generous)).resizeTimeout());
    }

    @Test
    void theImageIsNeverChangedOnAPoolWithNodes() {
        assertThrows(IllegalStateException.class, () -> Step.changeImage(steadyFull(V1), V2, draining(), "no"));
    }

    @Test
    void healthyNodesPassTheGate() {
        Step step = decider.decide(steadyFull(V2), TRACKED, verifyingSince(NOW.minusSeconds(300)), counting(counts(7, 2, 1, 0), NOW));
        Step.Verified verified = assertInstanceOf(Step.Verified.class, step);
        assertEquals(RolloutPhase.STABLE, verified.state().phase());
        assertEquals(Optional.empty(), verified.state().savedScale());
    }

    @Test
    void nodesStillStartingBeforeTheDeadlineWait() {
        Pool allocating = pool(V2, TEN, "Resizing", 6, List.of());
        Step step = decider.decide(allocating, TRACKED, verifyingSince(NOW.minusSeconds(300)), counting(counts(3, 0, 3, 0), NOW));
        assertInstanceOf(Step.NoChange.class, step);
    }

    @Test
    void failedHealthGateRollsBack() {
        Step step = decider.decide(steadyFull(V2), TRACKED, verifyingSince(NOW.minusSeconds(600)), counting(counts(0, 0, 0, 10), NOW));
        Step.RollBack back = assertInstanceOf(Step.RollBack.class, step);
        assertEquals(RolloutPhase.ROLLING_BACK, back.state().phase());
        assertEquals(List.of("1.1.0"), back.state().rejected());
        assertEquals(0, back.drain().orElseThrow().totalNodes());
        assertTrue(back.reason().contains("0 of 10 target nodes idle or running"), back.reason());
    }

    @Test
    void tooFewReadyNodesAtTheDeadlineRollBack() {
        Pool slow = pool(V2, TEN, "Resizing", 10, List.of());
        RolloutState verifying = verifyingSince(NOW.minus(Duration.ofMinutes(25)));
        Step step = decider.decide(slow, TRACKED, verifying, counting(counts(8, 0, 2, 0), NOW));
        RolloutState back = assertInstanceOf(Step.RollBack.class, step).state();
        assertTrue(back.lastDecision().orElseThrow().contains("deadline"));
        assertEquals(Optional.empty(), ((Step.RollBack) step).drain(), "a resizing pool is drained on a later pass");
    }

    @Test
    void aResizeErrorFailsTheGate() {
        Pool timedOut = pool(V2, TEN, "Steady", 10, List.of(new Pool.ResizeError("AllocationTimedout", "timeout")));
        Step step = decider.decide(timedOut, TRACKED, verifyingSince(NOW.minusSeconds(60)), counting(counts(10, 0, 0, 0), NOW));
        assertTrue(assertInstanceOf(Step.RollBack.class, step).reason().contains("AllocationTimedout"));
    }

    @Test
    void aRollbackDrainsThenRestoresThePreviousImageThenSettlesWithTheVersionRejected() {
        RolloutState back = verifyingSince(NOW).reject("1.1.0").enter(RolloutPhase.ROLLING_BACK, NOW);
        assertInstanceOf(Step.Drain.class, decider.decide(pool(V2, TEN, "Steady", 10, List.of()), TRACKED, back, seeing(ready("1.1.0"))));
        assertInstanceOf(Step.NoChange.class, decider.decide(pool(V2, DRAINED, "Resizing", 2, List.of()), TRACKED, back, seeing(ready("1.1.0"))));
        Step image = decider.decide(pool(V2, DRAINED, "Steady", 0, List.of()), TRACKED, back, seeing(ready("1.1.0")));
        assertEquals(V1, assertInstanceOf(Step.ChangeImage.class, image).imageReferenceId());
        Step restore = decider.decide(pool(V1, DRAINED, "Steady", 0, List.of()), TRACKED, back, seeing(ready("1.1.0")));
        RolloutState restoring = assertInstanceOf(Step.Restore.class, restore).state();
        assertEquals(RolloutPhase.ROLLING_BACK_RESTORE, restoring.phase());
        assertInstanceOf(Step.NoChange.class, decider.decide(pool(V1, TEN, "Resizing", 4, List.of()), TRACKED, restoring, seeing(ready("1.1.0"))));
        RolloutState settled = assertInstanceOf(Step.Record.class,
                decider.decide(steadyFull(V1), TRACKED, restoring, seeing(ready("1.1.0")))).state();
        assertEquals(RolloutPhase.STABLE, settled.phase());
        assertEquals(List.of("1.1.0"), settled.rejected());
        assertInstanceOf(Step.NoChange.class, decider.decide(steadyFull(V1), TRACKED, settled, seeing(ready("1.1.0"))),
                "at rest afterwards, the same words are not written again");
    }

    @Test
    void aPausedPoolIsLeftWhereItIs() {
        RolloutState paused = new RolloutState(RolloutPhase.DRAINING, Optional.of(V2), Optional.of(V1), Optional.of(NOW),
                Optional.of(TEN), 1, List.of(), true, Optional.empty());
        assertInstanceOf(Step.NoChange.class, decider.decide(pool(V1, DRAINED, "Steady", 0, List.of()), TRACKED, paused, seeing(ready("1.1.0"))));
    }
}
