package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.BLUE_GREEN;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.CANDIDATE;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.inPhase;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.job;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.named;
import static io.batchrollout.core.rollout.DeciderFixtures.NOW;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static io.batchrollout.core.rollout.DeciderFixtures.V2;
import static io.batchrollout.core.rollout.DeciderFixtures.counts;
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
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A candidate whose old pool someone else deleted adopts the jobs left on it, once verified, one call per pass. */
class BlueGreenAdoptionDeciderTest {
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    /** The candidate as created: phase CANDIDATE, replacing "render" in group "render". */
    static RolloutState asCreated() {
        return RolloutState.initial().withProgress(Optional.of(V2), Optional.of(V1), Optional.empty())
                .withLinks(BlueGreenLinks.candidateOf("render", "render")).enter(RolloutPhase.CANDIDATE, NOW.minusSeconds(600));
    }

    static RolloutState adopting() {
        return asCreated().enter(RolloutPhase.ADOPTING_JOBS, NOW.minusSeconds(60));
    }

    private Step decide(RolloutState state, List<Pool> others, List<BatchJob> onOld, List<BatchJob> onSelf) {
        Pool self = named(CANDIDATE, V2, TEN, 10, state);
        List<Pool> pools = new java.util.ArrayList<>(others);
        pools.add(self);
        return decider.decide(self, BLUE_GREEN, state, new Observations(Optional.empty(), Optional.of(counts(10, 0, 0, 0)),
                NOW, Optional.of(new BlueGreenView(pools, Optional.empty(), Optional.empty(), onOld, onSelf))));
    }

    private static RolloutState recorded(Step step) {
        return readBack(assertInstanceOf(Step.Record.class, step).state());
    }

    /** What the next pass reads back from the pool write that recorded {@code state}. */
    private static RolloutState readBack(RolloutState state) {
        List<Metadata> written = RolloutStateCodec.writeInto(List.of(new Metadata("team", "render")), state);
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(written)).state();
    }

    private static Step.MoveJob move(Step step, Step.JobAction action) {
        Step.MoveJob move = assertInstanceOf(Step.MoveJob.class, step);
        assertEquals(action, move.action());
        assertEquals(CANDIDATE, move.toPool(), "every adopted job moves onto the candidate");
        return move;
    }

    private static Pool deleting(String name, RolloutState state) {
        Pool p = named(name, V1, TEN, 10, state);
        return new Pool(p.id(), p.etag(), "Deleting", p.lastModified(), p.vmSize(), p.imageReferenceId(),
                p.nodeAgentSkuId(), p.scaleSettings(), p.allocationState(), p.allocationStateTransitionTime(),
                p.currentDedicatedNodes(), p.currentLowPriorityNodes(), p.resizeErrors(), p.startTask(), p.metadata());
    }

    @Test
    void aCandidatePassingItsOwnGateAfterTheOldPoolWasDeletedAdoptsItsJobsBeforeItIsStable() {
        RolloutState verifying = recorded(decide(asCreated(), List.of(), List.of(), List.of()));
        assertEquals(RolloutPhase.VERIFYING, verifying.phase());
        assertEquals(Optional.of("render"), verifying.links().replaces(), "the deleted pool's name is kept for its jobs");

        RolloutState passed = recorded(decide(verifying, List.of(), List.of(), List.of()));
        assertEquals(RolloutPhase.ADOPTING_JOBS, passed.phase());
        assertTrue(passed.lastDecision().orElseThrow().contains("health gate passed"), passed.lastDecision().orElseThrow());
    }

    @Test
    void theActiveJobIsDisabledMovedAndEnabledAndTheJobFoundDisabledIsMovedAndLeftDisabledThenTheCandidateIsStable() {
        List<BatchJob> bothOnOld = List.of(job("a", "active", "render"), job("b", "disabled", "render"));
        RolloutState a = recorded(decide(adopting(), List.of(), bothOnOld, List.of()));
        assertEquals(Optional.of("a"), a.links().moving());
        assertEquals(Optional.of(DisabledBy.APP), a.links().movingDisabledBy());

        move(decide(a, List.of(), bothOnOld, List.of()), Step.JobAction.DISABLE);
        move(decide(a, List.of(), List.of(job("a", "disabled", "render"), job("b", "disabled", "render")), List.of()),
                Step.JobAction.RETARGET);
        move(decide(a, List.of(), List.of(job("b", "disabled", "render")), List.of(job("a", "disabled", CANDIDATE))),
                Step.JobAction.ENABLE);
        RolloutState b = recorded(decide(a, List.of(), List.of(job("b", "disabled", "render")),
                List.of(job("a", "active", CANDIDATE))));
        assertEquals(Optional.of("b"), b.links().moving());
        assertEquals(Optional.of(DisabledBy.FOUND), b.links().movingDisabledBy());

        move(decide(b, List.of(), List.of(job("b", "disabled", "render")), List.of(job("a", "active", CANDIDATE))),
                Step.JobAction.RETARGET);
        List<BatchJob> bothHere = List.of(job("a", "active", CANDIDATE), job("b", "disabled", CANDIDATE));
        RolloutState done = recorded(decide(b, List.of(), List.of(), bothHere));
        assertEquals(RolloutPhase.ADOPTING_JOBS, done.phase());
        assertEquals(List.of("a", "b"), done.links().moved());
        assertTrue(done.lastDecision().orElseThrow().contains("left disabled as found"), done.lastDecision().orElseThrow());

        RolloutState stable = recorded(decide(done, List.of(), List.of(), bothHere));
        assertEquals(RolloutPhase.STABLE, stable.phase());
        assertEquals(Optional.empty(), stable.links().replaces());
        assertEquals(Optional.of("render"), stable.links().group());
        assertTrue(stable.lastDecision().orElseThrow().contains("2 adopted"), stable.lastDecision().orElseThrow());
    }

    @Test
    void anOldPoolDeletedWhileItMovedJobsHandsTheJobBeingMovedToTheCandidateWithWhoDisabledIt() {
        RolloutState moving = inPhase(RolloutPhase.MOVING_JOBS).withLinks(new BlueGreenLinks(Optional.of("render"),
                Optional.of(CANDIDATE), Optional.empty(), Optional.of("a"), Optional.of(DisabledBy.APP), List.of()));
        RolloutState taken = recorded(decide(asCreated(), List.of(deleting("render", moving)),
                List.of(job("a", "disabled", "render")), List.of()));

        assertEquals(RolloutPhase.ADOPTING_JOBS, taken.phase());
        assertEquals(Optional.of("a"), taken.links().moving());
        assertEquals(Optional.of(DisabledBy.APP), taken.links().movingDisabledBy(), "the app disabled it: it is enabled after the move");
        move(decide(taken, List.of(deleting("render", moving)), List.of(job("a", "disabled", "render")), List.of()),
                Step.JobAction.RETARGET);
        move(decide(taken, List.of(), List.of(), List.of(job("a", "disabled", CANDIDATE))), Step.JobAction.ENABLE);
    }

    @Test
    void aPoolCreatedAgainUnderTheOldNameKeepsItsJobsAndTheCandidateRests() {
        Pool again = named("render", V1, TEN, 10, RolloutState.initial());
        RolloutState stable = recorded(decide(adopting(), List.of(again), List.of(job("a", "active", "render")), List.of()));
        assertEquals(RolloutPhase.STABLE, stable.phase());
        assertTrue(stable.lastDecision().orElseThrow().contains("exists again"), stable.lastDecision().orElseThrow());
    }
}
