package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.BLUE_GREEN;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.CANDIDATE;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.candidate;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.inPhase;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.job;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.named;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.sees;
import static io.batchrollout.core.rollout.DeciderFixtures.DRAINED;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenLinks.DisabledBy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jobs someone else disabled move with the pool but stay disabled; jobs the app disabled are enabled again. */
class BlueGreenDisabledJobsDeciderTest {
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());
    final RolloutState moving = inPhase(RolloutPhase.MOVING_JOBS);
    final Pool old = named("render", V1, TEN, 10, moving);
    final List<Pool> pools = List.of(old, candidate());

    private Step decide(RolloutState state, List<BatchJob> onOld, List<BatchJob> onCandidate) {
        return decider.decide(old, BLUE_GREEN, state, sees(pools, Optional.empty(), Optional.empty(), onOld, onCandidate));
    }

    private static RolloutState recorded(Step step) {
        return assertInstanceOf(Step.Record.class, step).state();
    }

    /** What the next pass reads back from the pool write that recorded {@code state}. */
    private static RolloutState readBack(RolloutState state) {
        List<Metadata> written = RolloutStateCodec.writeInto(List.of(new Metadata("team", "render")), state);
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(written)).state();
    }

    private static RolloutState movingWith(RolloutState state, String job, DisabledBy by) {
        return state.withLinks(new BlueGreenLinks(state.links().group(), state.links().candidate(), Optional.empty(),
                Optional.of(job), Optional.of(by), List.of()));
    }

    @Test
    void whoDisabledAJobIsDecidedWhenItIsSelectedAndWrittenInTheSameRecord() {
        RolloutState held = readBack(recorded(decide(moving, List.of(job("a", "disabled", "render"), job("b", "active", "render")),
                List.of())));
        assertEquals(Optional.of("a"), held.links().moving());
        assertEquals(Optional.of(DisabledBy.FOUND), held.links().movingDisabledBy());
        assertTrue(held.lastDecision().orElseThrow().contains("found disabled: it moves and stays disabled"),
                held.lastDecision().orElseThrow());

        RolloutState disabling = recorded(decide(moving, List.of(job("a", "disabling", "render")), List.of()));
        assertEquals(Optional.of(DisabledBy.FOUND), disabling.links().movingDisabledBy());
        RolloutState active = recorded(decide(moving, List.of(job("a", "active", "render")), List.of()));
        assertEquals(Optional.of(DisabledBy.APP), active.links().movingDisabledBy());
        RolloutState enabling = recorded(decide(moving, List.of(job("a", "enabling", "render")), List.of()));
        assertEquals(Optional.of(DisabledBy.APP), enabling.links().movingDisabledBy());
    }

    @Test
    void aJobFoundDisabledIsRetargetedThenRecordedAsMovedWithoutBeingEnabled() {
        RolloutState held = movingWith(moving, "a", DisabledBy.FOUND);

        Step.MoveJob retarget = assertInstanceOf(Step.MoveJob.class, decide(held, List.of(job("a", "disabled", "render")), List.of()));
        assertEquals(Step.JobAction.RETARGET, retarget.action());
        assertEquals(CANDIDATE, retarget.toPool());

        RolloutState done = recorded(decide(held, List.of(job("b", "active", "render")), List.of(job("a", "disabled", CANDIDATE))));
        assertEquals(List.of("a"), done.links().moved());
        assertEquals(Optional.of("b"), done.links().moving());
        assertEquals(Optional.of(DisabledBy.APP), done.links().movingDisabledBy(), "the next job's own state decides for it");
        assertTrue(done.lastDecision().orElseThrow().contains("job a moved to " + CANDIDATE + " and left disabled as found"),
                done.lastDecision().orElseThrow());
    }

    @Test
    void aJobFoundDisablingWaitsUntilDisabledAndIsNeverDisabledOrEnabledByTheApp() {
        RolloutState held = movingWith(moving, "a", DisabledBy.FOUND);
        assertInstanceOf(Step.NoChange.class, decide(held, List.of(job("a", "disabling", "render")), List.of()));
        assertEquals(Step.JobAction.RETARGET, assertInstanceOf(Step.MoveJob.class,
                decide(held, List.of(job("a", "disabled", "render")), List.of())).action());
        RolloutState done = recorded(decide(held, List.of(), List.of(job("a", "disabled", CANDIDATE))));
        assertEquals(Optional.empty(), done.links().moving());
        assertEquals(Optional.empty(), done.links().movingDisabledBy());
    }

    @Test
    void aJobTheAppDisabledStaysTheAppsWhenAnOperatorEnablesItBeforeTheRetarget() {
        RolloutState ours = readBack(recorded(decide(moving, List.of(job("a", "active", "render")), List.of())));
        assertEquals(Step.JobAction.DISABLE, assertInstanceOf(Step.MoveJob.class,
                decide(ours, List.of(job("a", "active", "render")), List.of())).action());
        // disabled by the app, then enabled by an operator before the retarget: disabled again, still the app's
        assertEquals(Step.JobAction.DISABLE, assertInstanceOf(Step.MoveJob.class,
                decide(ours, List.of(job("a", "active", "render")), List.of())).action());
        assertEquals(Step.JobAction.RETARGET, assertInstanceOf(Step.MoveJob.class,
                decide(ours, List.of(job("a", "disabled", "render")), List.of())).action());
        assertEquals(Optional.of(DisabledBy.APP), ours.links().movingDisabledBy());
        assertEquals(Step.JobAction.ENABLE, assertInstanceOf(Step.MoveJob.class,
                decide(ours, List.of(), List.of(job("a", "disabled", CANDIDATE)))).action());
    }

    @Test
    void aJobFoundDisabledThatAnOperatorEnablesBeforeItMovesBecomesTheAppsToDisableAndEnable() {
        RolloutState held = movingWith(moving, "a", DisabledBy.FOUND);
        RolloutState ours = readBack(recorded(decide(held, List.of(job("a", "active", "render")), List.of())));
        assertEquals(Optional.of(DisabledBy.APP), ours.links().movingDisabledBy());
        assertEquals(Optional.of("a"), ours.links().moving());
        assertEquals(Step.JobAction.DISABLE, assertInstanceOf(Step.MoveJob.class,
                decide(ours, List.of(job("a", "active", "render")), List.of())).action());
    }

    @Test
    void anAbortMovesAJobFoundDisabledBackAndLeavesItDisabled() {
        RolloutState aborting = inPhase(RolloutPhase.ABORTING);
        RolloutState held = recorded(decide(aborting, List.of(), List.of(job("x", "disabled", CANDIDATE))));
        assertEquals(Optional.of(DisabledBy.FOUND), held.links().movingDisabledBy());

        Step.MoveJob back = assertInstanceOf(Step.MoveJob.class, decide(held, List.of(), List.of(job("x", "disabled", CANDIDATE))));
        assertEquals(Step.JobAction.RETARGET, back.action());
        assertEquals("render", back.toPool());
        RolloutState done = recorded(decide(held, List.of(job("x", "disabled", "render")), List.of()));
        assertEquals(Optional.empty(), done.links().moving());
        assertTrue(done.lastDecision().orElseThrow().contains("left disabled as found"), done.lastDecision().orElseThrow());
        assertInstanceOf(Step.DeletePool.class, decide(done, List.of(job("x", "disabled", "render")), List.of()));
    }

    @Test
    void aDisabledJobSubmittedToTheRetiringPoolIsMovedAndLeftDisabled() {
        RolloutState retiring = inPhase(RolloutPhase.RETIRING_OLD_POOL);
        Pool empty = named("render", V1, DRAINED, 0, retiring);
        Step step = decider.decide(empty, BLUE_GREEN, retiring, sees(List.of(empty, candidate()), Optional.empty(),
                Optional.empty(), List.of(job("late", "disabled", "render")), List.of()));

        RolloutState back = readBack(recorded(step));
        assertEquals(RolloutPhase.MOVING_JOBS, back.phase());
        assertEquals(Optional.of("late"), back.links().moving());
        assertEquals(Optional.of(DisabledBy.FOUND), back.links().movingDisabledBy());
        RolloutState done = recorded(decide(back, List.of(), List.of(job("late", "disabled", CANDIDATE))));
        assertTrue(done.lastDecision().orElseThrow().contains("left disabled as found"), done.lastDecision().orElseThrow());
    }

    @Test
    void aMoveAnEarlierVersionSelectedTakesAnActiveJobAsTheAppsAndLeavesADisabledOneDisabled() {
        List<Metadata> legacy = new ArrayList<>(RolloutStateCodec.encode(moving));
        legacy.add(new Metadata(RolloutStateCodec.MOVING, "a"));
        RolloutState unrecorded = ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(legacy)).state();
        assertEquals(Optional.of(DisabledBy.UNRECORDED), unrecorded.links().movingDisabledBy());

        RolloutState ours = recorded(decide(unrecorded, List.of(job("a", "active", "render")), List.of()));
        assertEquals(Optional.of(DisabledBy.APP), ours.links().movingDisabledBy(), "recorded before the app disables it");

        Step.MoveJob retarget = assertInstanceOf(Step.MoveJob.class, decide(unrecorded, List.of(job("a", "disabled", "render")), List.of()));
        assertEquals(Step.JobAction.RETARGET, retarget.action());
        RolloutState left = recorded(decide(unrecorded, List.of(), List.of(job("a", "disabled", CANDIDATE))));
        assertEquals(List.of("a"), left.links().moved());
        assertTrue(left.lastDecision().orElseThrow().contains("enable it if it should run"), left.lastDecision().orElseThrow());
    }
}
