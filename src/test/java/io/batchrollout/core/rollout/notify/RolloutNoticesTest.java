package io.batchrollout.core.rollout.notify;

import static io.batchrollout.core.rollout.notify.NoticeType.BLOCKED;
import static io.batchrollout.core.rollout.notify.NoticeType.FAILED;
import static io.batchrollout.core.rollout.notify.NoticeType.GATE_PASSED;
import static io.batchrollout.core.rollout.notify.NoticeType.HALTED;
import static io.batchrollout.core.rollout.notify.NoticeType.OPERATOR_NEEDED;
import static io.batchrollout.core.rollout.notify.NoticeType.ROLLED_BACK;
import static io.batchrollout.core.rollout.notify.NoticeType.STARTED;
import static io.batchrollout.core.rollout.notify.NoticeType.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.port.RolloutNotifications.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which notifications a written transition means: a pure function of the state read and the state written. */
class RolloutNoticesTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String DEF = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/img/providers/Microsoft.Compute/galleries/gal/images/ubuntu";
    static final String V1 = DEF + "/versions/1.0.0";
    static final String V2 = DEF + "/versions/1.1.0";
    static final PoolId POOL = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/b"
            + "/providers/Microsoft.Batch/batchAccounts/acc").pool("render");
    static final ScaleSettings TEN = new ScaleSettings.FixedScale(10, 0, Duration.ofMinutes(15),
            ScaleSettings.NodeDeallocationOption.TASK_COMPLETION);

    static final RolloutState STABLE = RolloutState.initial().withDecision("on 1.0.0, the newest ready version");
    static final RolloutState DRAINING = STABLE.startRollout(V2, V1, TEN, NOW).withDecision("drain to roll from 1.0.0 to 1.1.0");
    static final RolloutState VERIFYING = DRAINING.enter(RolloutPhase.VERIFYING, NOW).withDecision("restore and verify");

    private static List<NoticeType> types(RolloutState before, RolloutState after) {
        return RolloutNotices.typesOf(before, after);
    }

    private static Transition transition(RolloutState before, RolloutState after, String etag) {
        return new Transition(POOL, DEF, etag, before, after, V1, NOW);
    }

    @Test
    void aDrainFromRestStartsARolloutAndSaysNothingElse() {
        assertEquals(List.of(STARTED), types(STABLE, DRAINING));
        assertEquals(List.of(STARTED), types(STABLE.settle(RolloutPhase.BLOCKED, NOW), DRAINING));
    }

    @Test
    void aBlueGreenStartIsTheCandidatesNameRecordedAndItsGatePassIsTheMoveToMovingJobs() {
        RolloutState creating = STABLE.startBlueGreen(V2, V1, TEN, "render", "render-v1-1-0", NOW);
        RolloutState verifying = creating.enter(RolloutPhase.CANDIDATE_VERIFYING, NOW);
        assertEquals(List.of(STARTED), types(STABLE, creating));
        assertEquals(List.of(), types(creating, verifying));
        assertEquals(List.of(GATE_PASSED), types(verifying, verifying.enter(RolloutPhase.MOVING_JOBS, NOW)));
        assertEquals(List.of(), types(verifying.enter(RolloutPhase.MOVING_JOBS, NOW),
                verifying.enter(RolloutPhase.RETIRING_OLD_POOL, NOW)));
    }

    @Test
    void theCandidatePromotingItselfAfterTheOldPoolIsRetiredIsTheBlueGreenSuccess() {
        RolloutState candidate = new RolloutState(RolloutPhase.CANDIDATE, Optional.of(V2), Optional.of(V1), Optional.of(NOW),
                Optional.empty(), 0, List.of(), false, Optional.of("candidate of render"),
                BlueGreenLinks.candidateOf("render", "render"));
        assertEquals(List.of(SUCCEEDED), types(candidate, candidate.settle(RolloutPhase.STABLE, NOW)));
    }

    @Test
    void aCandidateThatVerifiesItselfAfterItsOldPoolWentIsToldAsASuccessNotASecondGatePass() {
        RolloutState candidate = new RolloutState(RolloutPhase.VERIFYING, Optional.of(V2), Optional.of(V1), Optional.of(NOW),
                Optional.of(TEN), 0, List.of(), false, Optional.of("verifies itself"),
                BlueGreenLinks.candidateOf("render", "render"));
        assertEquals(List.of(), types(candidate, candidate.enter(RolloutPhase.ADOPTING_JOBS, NOW)));
        assertEquals(List.of(SUCCEEDED), types(candidate, candidate.settle(RolloutPhase.STABLE, NOW)));
        assertEquals(List.of(SUCCEEDED), types(candidate.enter(RolloutPhase.ADOPTING_JOBS, NOW),
                candidate.settle(RolloutPhase.STABLE, NOW)));
    }

    @Test
    void aPassedGateInPlaceIsBothTheGatePassAndTheSuccess() {
        assertEquals(List.of(GATE_PASSED, SUCCEEDED), types(VERIFYING, VERIFYING.settle(RolloutPhase.STABLE, NOW)));
        assertEquals(List.of(), types(DRAINING, VERIFYING), "the restore is a step, not news");
    }

    @Test
    void aFailedGateIsAFailureAndBeingBackAtRestIsTheRollback() {
        RolloutState back = VERIFYING.reject("1.1.0").enter(RolloutPhase.ROLLING_BACK, NOW).withDecision("roll back");
        RolloutState restored = back.enter(RolloutPhase.ROLLING_BACK_RESTORE, NOW);
        assertEquals(List.of(FAILED), types(VERIFYING, back));
        assertEquals(List.of(), types(back, restored));
        assertEquals(List.of(ROLLED_BACK), types(restored, restored.settle(RolloutPhase.STABLE, NOW)));
        RolloutState aborting = VERIFYING.reject("1.1.0").enter(RolloutPhase.ABORTING, NOW);
        assertEquals(List.of(FAILED), types(VERIFYING.enter(RolloutPhase.CANDIDATE_VERIFYING, NOW), aborting));
        assertEquals(List.of(ROLLED_BACK), types(aborting, aborting.settle(RolloutPhase.STABLE, NOW)));
    }

    @Test
    void aBlockedPoolIsToldWhenItBecomesBlockedAndAgainOnlyWhenItsReasonsChange() {
        RolloutState blocked = STABLE.settle(RolloutPhase.BLOCKED, NOW).withDecision("blocked: 1.1.0 not replicated");
        assertEquals(List.of(BLOCKED), types(STABLE, blocked));
        assertEquals(List.of(), types(blocked, blocked.withPaused(false)));
        assertEquals(List.of(BLOCKED), types(blocked, blocked.withDecision("blocked: 1.1.0 past its end of life")));
        assertEquals(List.of(), types(blocked, STABLE), "unblocked is not one of the events");
    }

    @Test
    void aHaltIsToldWhenItsDecisionIsWritten() {
        RolloutState halted = STABLE.withDecision(ImageWave.HALTED + "1.1.0 failed the health gate on pool canary");
        assertEquals(List.of(HALTED), types(STABLE, halted));
        assertEquals(List.of(), types(halted, halted));
    }

    @Test
    void aRecordedRefusalNeedsAnOperatorOnceAndAgainWhenItIsCountedOn() {
        Refusal first = new Refusal(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 400, "InvalidPropertyValue", NOW, 1, "gone");
        RolloutState refused = DRAINING.withRefused(Optional.of(first)).withDecision("Azure refused the image change");
        assertEquals(List.of(OPERATOR_NEEDED), types(DRAINING, refused));
        assertEquals(List.of(), types(refused, refused));
        Refusal again = new Refusal(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 400, "InvalidPropertyValue", NOW, 2, "gone");
        assertEquals(List.of(OPERATOR_NEEDED), types(refused, refused.withRefused(Optional.of(again))));
    }

    @Test
    void theEventIdIsTheSameForTheSameWriteAndDiffersForAnotherEtagOrType() {
        RolloutState done = VERIFYING.settle(RolloutPhase.STABLE, NOW).withDecision("on 1.1.0; health gate passed");
        List<Notice> once = RolloutNotices.of(transition(VERIFYING, done, "W/\"0x1\""));
        List<Notice> again = RolloutNotices.of(transition(VERIFYING, done, "W/\"0x1\""));
        List<Notice> later = RolloutNotices.of(transition(VERIFYING, done, "W/\"0x2\""));
        assertEquals(once.stream().map(Notice::id).toList(), again.stream().map(Notice::id).toList());
        assertNotEquals(once.get(0).id(), once.get(1).id());
        assertNotEquals(once.get(0).id(), later.get(0).id());
    }

    @Test
    void theDataNamesThePoolTheRolloutsVersionsThePhaseTheReasonsAndGetPool() {
        Notice started = RolloutNotices.of(transition(STABLE, DRAINING, "e")).get(0);
        assertEquals("io.batchrollout.rollout.started", started.type());
        assertEquals(POOL.toString(), started.subject());
        assertEquals("render", started.data().poolId());
        assertEquals("1.0.0", started.data().fromVersion());
        assertEquals("1.1.0", started.data().toVersion());
        assertEquals("DRAINING", started.data().phase());
        assertEquals(List.of("drain to roll from 1.0.0 to 1.1.0"), started.data().reasons());
        assertEquals("/api/pools/render?batchAccountId=" + POOL.account(), started.data().link());
        assertNull(started.data().group());
    }

    @Test
    void aRestingNotificationNamesThePoolsOwnVersionAndNoTarget() {
        RolloutState blocked = STABLE.settle(RolloutPhase.BLOCKED, NOW).withDecision("blocked: not replicated");
        Notice notice = RolloutNotices.of(transition(STABLE, blocked, "e")).get(0);
        assertEquals("1.0.0", notice.data().fromVersion());
        assertNull(notice.data().toVersion());
    }

    @Test
    void aWaitingPoolIsNamedByTheStartThatPutItBehindAndTheVersionItWaitsFor() {
        Transition start = transition(STABLE, DRAINING, "W/\"0x9\"");
        PoolId other = POOL.account().pool("other");
        Notice waiting = RolloutNotices.waiting(start, other, V1, "1.1.0");
        assertEquals("io.batchrollout.rollout.waiting", waiting.type());
        assertEquals(other.toString(), waiting.subject());
        assertEquals("1.1.0", waiting.data().toVersion());
        assertEquals(waiting.id(), RolloutNotices.waiting(start, other, V1, "1.1.0").id());
        assertNotEquals(waiting.id(), RolloutNotices.waiting(transition(STABLE, DRAINING, "W/\"0xA\""), other, V1, "1.1.0").id());
    }
}
