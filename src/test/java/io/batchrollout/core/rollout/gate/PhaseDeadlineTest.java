package io.batchrollout.core.rollout.gate;

import static io.batchrollout.core.rollout.DeciderFixtures.DRAINED;
import static io.batchrollout.core.rollout.DeciderFixtures.NOW;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static io.batchrollout.core.rollout.DeciderFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.DeciderFixtures;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When each phase should have ended: the health gate's deadline while verifying, the documented rule otherwise. */
class PhaseDeadlineTest {
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final PhaseDeadline DEADLINES = new PhaseDeadline(GRACE);
    private static final Instant SINCE = NOW.minus(Duration.ofHours(1));
    /** 3,000 nodes: a saved resize timeout of 15 minutes is raised to 45 when restored (15 per started 1,000). */
    private static final ScaleSettings.FixedScale LARGE = new ScaleSettings.FixedScale(3000, 0, Duration.ofMinutes(15),
            ScaleSettings.NodeDeallocationOption.TASK_COMPLETION);

    private static RolloutState in(RolloutPhase phase, ScaleSettings saved) {
        return RolloutState.initial().startRollout(V2, V1, saved, SINCE).enter(phase, SINCE);
    }

    private static Optional<Instant> deadline(RolloutPhase phase) {
        return DEADLINES.of(DeciderFixtures.pool(V1, DRAINED, "Steady", 0, List.of()), in(phase, TEN), Optional.empty());
    }

    @Test
    void verifyingEndsAtThePhaseStartPlusTheRestoredResizeTimeoutPlusTheGrace() {
        Pool restored = DeciderFixtures.pool(V2, LARGE, "Resizing", 100, List.of());
        assertEquals(Optional.of(SINCE.plus(Duration.ofMinutes(45)).plus(GRACE)),
                DEADLINES.of(restored, in(RolloutPhase.VERIFYING, LARGE), Optional.empty()));
        assertEquals(Optional.of(SINCE.plus(Duration.ofMinutes(25))), deadline(RolloutPhase.VERIFYING));
    }

    @Test
    void theHealthGateFailsAtTheSameInstantThePhaseDeadlineNames() {
        Pool restored = DeciderFixtures.pool(V2, TEN, "Resizing", 3, List.of());
        Instant deadline = DEADLINES.of(restored, in(RolloutPhase.VERIFYING, TEN), Optional.empty()).orElseThrow();
        HealthGate gate = new HealthGate(90, 10, GRACE);
        var counts = DeciderFixtures.counts(3, 0, 7, 0);

        assertInstanceOf(HealthGate.Verdict.Waiting.class,
                GateTarget.verdict(gate, restored, TEN, counts, SINCE, SINCE, deadline.minusSeconds(1)));
        HealthGate.Verdict failed = GateTarget.verdict(gate, restored, TEN, counts, SINCE, SINCE, deadline);
        assertInstanceOf(HealthGate.Verdict.Failed.class, failed);
        assertTrue(failed.summary().contains(deadline.toString()), failed.summary());
    }

    @Test
    void anAutoscaledPoolIsGivenTheTimeoutOfItsEvaluatedTargetsOnceBatchEvaluatedTheFormulaSinceTheRestore() {
        ScaleSettings.AutoScale formula = new ScaleSettings.AutoScale("$TargetDedicatedNodes=2500;", Duration.ofMinutes(5));
        Pool before = DeciderFixtures.pool(V2, formula, "Resizing", 0, List.of());
        Pool evaluated = before.withAutoScaleRun(Optional.of(PoolAutoScaleRun.of(SINCE.plusSeconds(30),
                "$TargetDedicatedNodes=2500;$TargetLowPriorityNodes=0", Optional.empty())));
        Pool evaluatedEarlier = before.withAutoScaleRun(Optional.of(PoolAutoScaleRun.of(SINCE.minusSeconds(30),
                "$TargetDedicatedNodes=2500;$TargetLowPriorityNodes=0", Optional.empty())));
        RolloutState verifying = in(RolloutPhase.VERIFYING, formula);

        assertEquals(SINCE.plus(Duration.ofMinutes(45)).plus(GRACE), DEADLINES.of(evaluated, verifying, Optional.empty()).orElseThrow());
        assertEquals(SINCE.plus(Duration.ofMinutes(15)).plus(GRACE), DEADLINES.of(evaluatedEarlier, verifying, Optional.empty())
                .orElseThrow(), "an evaluation before the restore belongs to other settings");
    }

    @Test
    void aCandidateIsVerifiedOnItsOwnScaleWhenItWasListedElseOnTheScaleItWasCreatedWith() {
        RolloutState old = RolloutState.initial().startBlueGreen(V2, V1, TEN, "render", "render-v1-1-0", SINCE)
                .enter(RolloutPhase.CANDIDATE_VERIFYING, SINCE);
        Pool oldPool = DeciderFixtures.steadyFull(V1);
        RolloutState candidateState = new RolloutState(RolloutPhase.CANDIDATE, Optional.of(V2), Optional.of(V1),
                Optional.of(SINCE.minusSeconds(60)), Optional.empty(), 0, List.of(), false, Optional.empty(),
                BlueGreenLinks.candidateOf("render", "render"));
        Pool candidate = new Pool(DeciderFixtures.ACCOUNT.pool("render-v1-1-0"), "\"e\"", "Succeeded", null,
                "Standard_D2s_v3", V2, "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(3000, 0, Duration.ofMinutes(45),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), "Resizing", null, 0, 0, List.of(),
                Optional.empty(), RolloutStateCodec.encode(candidateState));

        assertEquals(Optional.of(SINCE.plus(Duration.ofMinutes(45)).plus(GRACE)), DEADLINES.of(oldPool, old, Optional.of(candidate)));
        assertEquals(Optional.of(SINCE.plus(Duration.ofMinutes(15)).plus(GRACE)), DEADLINES.of(oldPool, old, Optional.empty()));
    }

    @Test
    void phasesThatWaitForBatchAloneGetTheResizeTimeoutPlusTheGrace() {
        Instant expected = SINCE.plus(Duration.ofMinutes(15)).plus(GRACE);
        assertEquals(Optional.of(expected), deadline(RolloutPhase.ROLLING_BACK_RESTORE));
        assertEquals(Optional.of(expected), deadline(RolloutPhase.CREATING_CANDIDATE));
    }

    @Test
    void phasesThatWaitForRunningTasksGetADayMoreThanBatchsOwnWork() {
        Instant expected = SINCE.plus(Duration.ofMinutes(15)).plus(GRACE).plus(Duration.ofHours(24));
        for (RolloutPhase phase : List.of(RolloutPhase.DRAINING, RolloutPhase.ROLLING_BACK, RolloutPhase.RETIRING_OLD_POOL,
                RolloutPhase.MOVING_JOBS, RolloutPhase.ABORTING, RolloutPhase.ADOPTING_JOBS)) {
            assertEquals(Optional.of(expected), deadline(phase), phase.name());
        }
        Pool large = DeciderFixtures.pool(V1, DRAINED, "Resizing", 2000, List.of());
        assertEquals(Optional.of(SINCE.plus(Duration.ofMinutes(45)).plus(GRACE).plus(PhaseDeadline.TASK_WAIT)),
                DEADLINES.of(large, in(RolloutPhase.DRAINING, LARGE), Optional.empty()), "sized to the saved capacity");
    }

    @Test
    void poolsAtRestPausedOrACandidateHaveNoDeadlineAndAreNeverStuck() {
        for (RolloutPhase phase : List.of(RolloutPhase.STABLE, RolloutPhase.BLOCKED, RolloutPhase.CANDIDATE)) {
            assertEquals(Optional.empty(), deadline(phase), phase.name());
        }
        Pool pool = DeciderFixtures.pool(V1, DRAINED, "Steady", 0, List.of());
        RolloutState paused = in(RolloutPhase.DRAINING, TEN).withPaused(true);
        assertEquals(PhaseDeadline.Timing.NONE, DEADLINES.timing(pool, paused, Optional.empty(), NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void aPoolIsStuckOnlyOnceNowIsAfterTheDeadline() {
        Pool pool = DeciderFixtures.pool(V2, TEN, "Resizing", 3, List.of());
        RolloutState verifying = in(RolloutPhase.VERIFYING, TEN);
        Instant deadline = SINCE.plus(Duration.ofMinutes(25));

        assertFalse(DEADLINES.timing(pool, verifying, Optional.empty(), deadline).stuck());
        PhaseDeadline.Timing late = DEADLINES.timing(pool, verifying, Optional.empty(), deadline.plusSeconds(1));
        assertTrue(late.stuck());
        assertEquals(Optional.of(deadline), late.deadline());
    }
}
