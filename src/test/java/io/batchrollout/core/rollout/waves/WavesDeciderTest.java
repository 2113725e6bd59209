package io.batchrollout.core.rollout.waves;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorEdit;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Waves, on hand-built pools: the decider given the wave facts, and the facts computed from listed pools. */
class WavesDeciderTest {
    static final BatchAccountId OTHER_ACCOUNT = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a"
            + "/resourceGroups/b/providers/Microsoft.Batch/batchAccounts/zacc");
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    static Pool listed(BatchAccountId account, String name, int nodes, RolloutPolicy policy, RolloutState state) {
        List<Metadata> metadata = RolloutStateCodec.writeInto(new ArrayList<>(policy.toMetadata()), state);
        ScaleSettings scale = new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION);
        return new Pool(account.pool(name), "\"etag\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3", V1,
                "batch.node.ubuntu 22.04", scale, "Steady", OffsetDateTime.now(), nodes, 0, List.of(), Optional.empty(),
                metadata);
    }

    static Pool listed(String name, int nodes, RolloutState state) {
        return listed(ACCOUNT, name, nodes, TRACKED, state);
    }

    static ImageWave wave(int limit, List<ImageWave.InFlight> inFlight, List<ImageWave.Rejection> rejections) {
        return new ImageWave("ubuntu", limit, inFlight, rejections, List.of());
    }

    static Observations seeing(ImageChoice image, ImageWave wave) {
        return new Observations(Optional.of(image), Optional.empty(), NOW, Optional.empty(), wave);
    }

    Step decideRender(String version, ImageWave wave) {
        return decider.decide(steadyFull(V1), TRACKED, RolloutState.initial(), seeing(ready(version), wave));
    }

    @Test
    void aFreeSlotLetsThePoolStartItsRollout() {
        Step step = decideRender("1.1.0", wave(1, List.of(), List.of()));

        assertEquals(RolloutPhase.DRAINING, assertInstanceOf(Step.Drain.class, step).state().phase());
    }

    /**
     * Issue 8: the wait used to be recorded on the pool (one write per waiting pool when a version appeared). Being in
     * the queue is derivable from the listed pools, so the decider writes nothing and says why in the pass's words.
     */
    @Test
    void noFreeSlotWaitsWithoutWritingNamingTheRolloutsInProgress() {
        ImageWave full = wave(1, List.of(new ImageWave.InFlight(ACCOUNT.pool("canary"), "1.1.0")), List.of());

        Step first = decideRender("1.1.0", full);

        assertEquals("waiting to roll to 1.1.0: 1 of 1 rollouts of ubuntu in progress (pool canary on 1.1.0); at most 1 "
                + "roll at a time (MAX_ROLLOUTS_PER_IMAGE), smaller pools first",
                assertInstanceOf(Step.NoChange.class, first).reason());
    }

    @Test
    void aSecondSlotLetsASecondPoolStart() {
        ImageWave oneOfTwo = wave(2, List.of(new ImageWave.InFlight(ACCOUNT.pool("canary"), "1.1.0")), List.of());

        assertInstanceOf(Step.Drain.class, decideRender("1.1.0", oneOfTwo));
        Step third = decideRender("1.1.0", oneOfTwo.started(ACCOUNT.pool("next"), "1.1.0"));
        assertTrue(assertInstanceOf(Step.NoChange.class, third).reason().startsWith("waiting to roll"), third.reason());
    }

    @Test
    void aPoolMidRolloutContinuesWhenEveryStartWouldWait() {
        ImageWave full = wave(1, List.of(new ImageWave.InFlight(ACCOUNT.pool("canary"), "1.1.0")), List.of());
        Pool drained = pool(V1, DRAINED, "Steady", 0, List.of());

        Step step = decider.decide(drained, TRACKED, draining(), seeing(ready("1.1.0"), full));

        assertInstanceOf(Step.ChangeImage.class, step);
    }

    @Test
    void aVersionRejectedOnAnotherPoolHaltsEvenWithAFreeSlot() {
        ImageWave halted = wave(5, List.of(), List.of(new ImageWave.Rejection(ACCOUNT.pool("canary"), "1.1.0")));

        Step step = decideRender("1.1.0", halted);

        String reason = assertInstanceOf(Step.Record.class, step).reason();
        assertTrue(reason.startsWith("halted: 1.1.0 failed the health gate on pool canary"), reason);
        assertTrue(reason.contains("`retry` on canary clears it"), reason);
    }

    @Test
    void aNewerVersionIsNotHaltedByTheRejectionOfAnOlderOne() {
        ImageWave halted = wave(1, List.of(), List.of(new ImageWave.Rejection(ACCOUNT.pool("canary"), "1.1.0")));

        Step step = decideRender("1.2.0", halted);

        assertEquals(UBUNTU.version("1.2.0").toString(),
                assertInstanceOf(Step.Drain.class, step).state().target().orElseThrow());
    }

    @Test
    void thePoolsOwnRejectionKeepsItsOwnWordsRatherThanAHalt() {
        ImageWave own = wave(1, List.of(), List.of(new ImageWave.Rejection(ACCOUNT.pool("render"), "1.1.0")));
        RolloutState rejected = RolloutState.initial().reject("1.1.0");

        Step step = decider.decide(steadyFull(V1), TRACKED, rejected, seeing(ready("1.1.0"), own));

        assertTrue(step.reason().contains("failed the health gate on this pool"), step.reason());
    }

    @Test
    void anUnreadAccountStopsEveryStartOfTheDefinitionAndSaysWhy() {
        ImageWave blind = new ImageWave("ubuntu", 3, List.of(), List.of(), List.of("zacc"));

        Step step = decideRender("1.1.0", blind);

        String reason = assertInstanceOf(Step.NoChange.class, step).reason();
        assertTrue(reason.startsWith("waiting: account zacc could not be listed"), reason);
    }

    @Test
    void aWaitingBlueGreenPoolDoesNotEvenAskForTheQuota() {
        RolloutPolicy blueGreen = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.BLUE_GREEN);
        ImageWave full = wave(1, List.of(new ImageWave.InFlight(ACCOUNT.pool("canary"), "1.1.0")), List.of());
        Pool pool = listed("render", 10, RolloutState.initial());
        Observations seen = new Observations(Optional.of(ready("1.1.0")), Optional.empty(), NOW,
                Optional.of(BlueGreenView.of(List.of(pool))), full);

        Step step = decider.decide(pool, blueGreen, RolloutState.initial(), seen);
        assertTrue(step.reason().startsWith("waiting to roll to 1.1.0"), step.reason());
        assertInstanceOf(Step.NoChange.class, step, "nothing is written, no quota read (Step.ReadQuota) is asked for");
    }

    @Test
    void wavesCountPoolsMidRolloutAcrossAccountsAndTheirRejections() {
        RolloutState rolledBack = RolloutState.initial().reject("1.1.0");
        List<Pool> pools = List.of(
                listed("resting", 4, RolloutState.initial()),
                listed("blocked", 4, RolloutState.initial().settle(RolloutPhase.BLOCKED, NOW)),
                listed("draining", 4, draining()),
                listed(OTHER_ACCOUNT, "verifying", 4, TRACKED, verifyingSince(NOW)),
                listed("failed", 2, rolledBack),
                listed(ACCOUNT, "other-image", 1, new RolloutPolicy(new ImageRef.Tracked(GALLERY.image("win")),
                        RolloutStrategy.IN_PLACE), draining()));

        ImageWave wave = ImageWaves.of(pools, 2, List.of()).of(UBUNTU);

        assertEquals(List.of("draining", "verifying"), wave.inFlight().stream().map(f -> f.pool().poolName()).toList());
        assertEquals(List.of(new ImageWave.Rejection(ACCOUNT.pool("failed"), "1.1.0")), wave.rejections());
        assertEquals(2, wave.limit());
        assertEquals(1, ImageWaves.of(pools, 2, List.of()).of(GALLERY.image("win")).inFlight().size());
    }

    @Test
    void aBlueGreenRolloutCountsOnceOnThePoolItReplacesNeverOnItsCandidate() {
        RolloutPolicy blueGreen = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.BLUE_GREEN);
        RolloutState old = RolloutState.initial().startBlueGreen(V2, V1, TEN, "render", "render-v1-1-0", NOW)
                .enter(RolloutPhase.CANDIDATE_VERIFYING, NOW);
        RolloutState candidate = RolloutState.initial().withLinks(BlueGreenLinks.candidateOf("render", "render"))
                .enter(RolloutPhase.CANDIDATE, NOW);
        List<Pool> pools = List.of(listed(ACCOUNT, "render", 10, blueGreen, old),
                listed(ACCOUNT, "render-v1-1-0", 10, blueGreen, candidate));

        ImageWave wave = ImageWaves.of(pools, 1, List.of()).of(UBUNTU);

        assertEquals(List.of("render"), wave.inFlight().stream().map(f -> f.pool().poolName()).toList());
        // The candidate is never decided as a pool at rest: its phase is CANDIDATE, driven from the pool it replaces.
        assertInstanceOf(Step.NoChange.class, decider.decide(pools.get(1), blueGreen, candidate,
                new Observations(Optional.of(ready("1.1.0")), Optional.empty(), NOW,
                        Optional.of(BlueGreenView.of(pools)), wave)));
    }

    @Test
    void theNextPoolIsTheSmallestThenByAccountIdThenByName() {
        RolloutState rest = RolloutState.initial();
        List<Pool> pools = List.of(listed(OTHER_ACCOUNT, "a-big", 8, TRACKED, rest), listed(ACCOUNT, "b-small", 2, TRACKED, rest),
                listed(OTHER_ACCOUNT, "a-small", 2, TRACKED, rest), listed(ACCOUNT, "a-small", 2, TRACKED, rest),
                listed(ACCOUNT, "A-mid", 4, TRACKED, rest));

        List<String> order = pools.stream().sorted(ImageWaves.ORDER)
                .map(p -> p.id().account().accountName() + "/" + p.id().poolName()).toList();

        assertEquals(List.of("acc/a-small", "acc/b-small", "zacc/a-small", "acc/A-mid", "zacc/a-big"), order);
    }

    @Test
    void afterARetryOnTheRejectingPoolTheOthersMayStartOnceItIsAtRestAgain() {
        RolloutState rejectedThere = RolloutState.initial().reject("1.1.0");
        RolloutState retried = ((OperatorEdit.Result.Write) OperatorEdit.apply(OperatorAction.RETRY, steadyFull(V1),
                rejectedThere, NOW)).state();
        Pool other = listed("render", 10, RolloutState.initial());

        ImageWave halted = ImageWaves.of(List.of(listed("canary", 1, rejectedThere), other), 1, List.of()).of(UBUNTU);
        ImageWave atRest = ImageWaves.of(List.of(listed("canary", 1, retried), other), 1, List.of()).of(UBUNTU);
        ImageWave rollingAgain = ImageWaves.of(List.of(listed("canary", 1, retried.startRollout(V2, V1, TEN, NOW)), other), 1,
                List.of()).of(UBUNTU);

        assertTrue(decideRender("1.1.0", halted).reason().startsWith("halted: 1.1.0"));
        assertInstanceOf(Step.Drain.class, decideRender("1.1.0", atRest));
        assertTrue(decideRender("1.1.0", rollingAgain).reason().startsWith("waiting to roll to 1.1.0"));
    }
}
