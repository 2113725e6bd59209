package io.batchrollout.core.rollout.plan;

import static io.batchrollout.core.rollout.plan.PlanFixtures.BLUE_GREEN;
import static io.batchrollout.core.rollout.plan.PlanFixtures.EAST;
import static io.batchrollout.core.rollout.plan.PlanFixtures.TRACKED;
import static io.batchrollout.core.rollout.plan.PlanFixtures.V2;
import static io.batchrollout.core.rollout.plan.PlanFixtures.WEST;
import static io.batchrollout.core.rollout.plan.PlanFixtures.facts;
import static io.batchrollout.core.rollout.plan.PlanFixtures.line;
import static io.batchrollout.core.rollout.plan.PlanFixtures.pool;
import static io.batchrollout.core.rollout.plan.PlanFixtures.stable;
import static io.batchrollout.core.rollout.plan.PlanFixtures.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.rollout.StateValidation;
import io.batchrollout.core.rollout.plan.RolloutPlan.Action;
import io.batchrollout.core.rollout.plan.RolloutPlan.Why;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.model.ScaleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The plan as a pure function of hand-built facts: the pass's rules, in its order, with the gate assumed passed. */
class PlannerTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static List<String> actions(RolloutPlan plan) {
        return plan.pools().stream().map(p -> p.pool().poolName() + ":" + p.action() + ":"
                + (p.wave().isPresent() ? p.wave().getAsInt() : "-")).toList();
    }

    @Test
    void theSmallestPoolIsTheCanaryAndTheOthersWaitInWavesOfMaxRolloutsPerImageAcrossAccounts() {
        List<Pool> fleet = List.of(pool(WEST, "e", 5, TRACKED, stable()), pool(EAST, "c", 3, TRACKED, stable()),
                pool(EAST, "a", 1, TRACKED, stable()), pool(WEST, "b", 2, TRACKED, stable()),
                pool(EAST, "d", 4, TRACKED, stable()));

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 2, fleet));

        assertEquals(List.of("a:ROLL:1", "b:ROLL:1", "c:WAIT:2", "d:WAIT:2", "e:WAIT:3"), actions(plan));
        assertEquals(List.of(1, 2, 3, 4, 5), plan.pools().stream().map(RolloutPlan.PoolPlan::order).toList());
        assertEquals(2, plan.count(Action.ROLL));
        assertEquals(3, plan.count(Action.WAIT));
        assertTrue(line(plan, "c").why().startsWith("waits in wave 2: at most 2 pool(s) of ubuntu roll at a time"),
                line(plan, "c").why());
        assertTrue(line(plan, "c").why().endsWith("ahead of it: a, b"), line(plan, "c").why());
    }

    @Test
    void aRolloutInProgressHoldsASlotOfTheFirstWaveSoFewerPoolsRollNow() {
        var drainingToV2 = stable().startRollout(V2, PlanFixtures.V1, PlanFixtures.pool(EAST, "x", 1, TRACKED, stable())
                .scaleSettings(), T0);
        List<Pool> fleet = List.of(pool(EAST, "busy", 9, TRACKED, drainingToV2), pool(EAST, "a", 1, TRACKED, stable()),
                pool(WEST, "b", 2, TRACKED, stable()));

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 2, fleet));

        assertEquals(List.of("a:ROLL:1", "b:WAIT:2", "busy:SKIP:1"), actions(plan));
        assertEquals(Why.IN_PROGRESS, line(plan, "busy").code());
        assertTrue(line(plan, "busy").why().contains("a rollout to 1.1.0 is in progress (phase DRAINING)"));
        assertTrue(line(plan, "b").why().contains("busy (in progress, on 1.1.0), a"), line(plan, "b").why());
    }

    @Test
    void eachRuleOfThePassThatHoldsAPoolBackIsNamedWithItsCodeAndTheRestStillRoll() {
        // A rejection is left out here: it halts the whole definition (next test).
        Pool unreadable = pool(EAST, "unreadable", 2, TRACKED, stable());
        List<Metadata> broken = new ArrayList<>(TRACKED.toMetadata());
        broken.add(new Metadata(RolloutStateCodec.TARGET, V2));
        unreadable = PlanFixtures.withMetadata(unreadable, broken);
        List<Pool> fleet = List.of(
                pool(EAST, "pinned", 1, new RolloutPolicy(new ImageRef.Pinned(PlanFixtures.UBUNTU.version("1.0.0")),
                        RolloutStrategy.IN_PLACE), stable()),
                pool(EAST, "paused", 2, TRACKED, PlanFixtures.paused()),
                pool(EAST, "tampered", 4, TRACKED, stable().withDecision(StateValidation.TAMPERED + ": someone edited it")),
                unreadable,
                pool(WEST, "current", 6, TRACKED, stable(), V2, List.of()),
                pool(WEST, "newer", 7, TRACKED, stable(), PlanFixtures.UBUNTU.version("2.0.0").toString(), List.of()),
                pool(WEST, "registry", 8, TRACKED, stable(), PlanFixtures.V1, List.of(Pool.REGISTRY_PASSWORDS)),
                pool(WEST, "rolls", 9, TRACKED, stable()));

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 1, fleet));

        Map<String, Why> expected = Map.of("pinned", Why.PINNED, "paused", Why.PAUSED,
                "tampered", Why.TAMPERED, "unreadable", Why.UNREADABLE_STATE, "current", Why.ALREADY_ON_VERSION,
                "newer", Why.ON_NEWER_VERSION, "registry", Why.BLOCKED, "rolls", Why.ROLLS_NOW);
        expected.forEach((pool, why) -> assertEquals(why, line(plan, pool).code(), pool + ": " + line(plan, pool).why()));
        assertEquals(7, plan.count(Action.SKIP));
        assertEquals(1, plan.count(Action.ROLL), "the skipped pools take no slot");
        assertTrue(line(plan, "pinned").why().startsWith("pinned to 1.0.0"));
        assertTrue(line(plan, "newer").why().startsWith("on 2.0.0, newer than 1.1.0"));
        assertTrue(line(plan, "tampered").why().contains("someone edited it"));
        assertTrue(line(plan, "unreadable").why().contains("phase is missing"), line(plan, "unreadable").why());
        assertTrue(line(plan, "pinned").capacityDown().isEmpty() && line(plan, "pinned").quota().isEmpty());
    }

    @Test
    void aVersionRejectedOnAnotherPoolHaltsTheRestOfTheDefinition() {
        List<Pool> fleet = List.of(pool(EAST, "canary", 1, TRACKED, stable().reject("1.1.0")),
                pool(WEST, "next", 2, TRACKED, stable()));

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 1, fleet));

        assertEquals(Why.REJECTED, line(plan, "canary").code());
        assertEquals(Why.HALTED, line(plan, "next").code());
        assertTrue(line(plan, "next").why().contains("an operator `retry` on canary clears it"), line(plan, "next").why());
        assertEquals(0, plan.count(Action.ROLL));
    }

    @Test
    void theGateIsAssumedPassedForWhatPublishingCompletesButItsVerdictIsStillShownWithTheNumbers() {
        Pool big = pool(WEST, "big", 3000, TRACKED, stable());
        Reason tooFew = new Reason(ReasonCode.TOO_FEW_REPLICAS, "needs 10 replicas in westeurope, has 1",
                Optional.of("1.1.0"), Map.of("replicasNeeded", 10, "replicasPresent", 1));
        PlanFacts facts = PlanFixtures.withGate(facts(version("1.1.0", false, 1), 1, List.of(big)), big, List.of(tooFew));

        RolloutPlan.PoolPlan line = line(Planner.plan(facts), "big");

        assertEquals(Action.ROLL, line.action());
        RolloutPlan.GateView gate = line.readiness();
        assertFalse(gate.ready());
        assertEquals(3000, gate.nodes());
        assertEquals(10, gate.replicasNeeded());
        assertEquals(1, gate.replicasPresent());
        assertEquals(Optional.of("Completed"), gate.replicationState());
        assertEquals("westeurope", gate.region());
        assertEquals(List.of(ReasonCode.TOO_FEW_REPLICAS), gate.reasons().stream().map(Reason::code).toList());
    }

    @Test
    void aGateReasonPublishingCannotClearAndAVersionExcludedFromLatestSkipThePoolAsNotReadyForIt() {
        Pool windows = pool(EAST, "windows", 1, TRACKED, stable());
        Reason agent = new Reason(ReasonCode.NODE_AGENT_OS_MISMATCH, "the node agent is for Windows",
                Optional.of("1.1.0"), Map.of());
        PlanFacts mismatch = PlanFixtures.withGate(facts(version("1.1.0", false, 1), 1, List.of(windows)), windows,
                List.of(agent));
        RolloutPlan.PoolPlan line = line(Planner.plan(mismatch), "windows");
        assertEquals(Why.NOT_READY_FOR_POOL, line.code());
        assertTrue(line.why().contains("NODE_AGENT_OS_MISMATCH"), line.why());

        RolloutPlan excluded = Planner.plan(facts(version("1.1.0", true, 1), 1, List.of(pool(EAST, "a", 1, TRACKED, stable()))));
        assertEquals(Why.NOT_READY_FOR_POOL, line(excluded, "a").code());
        assertTrue(line(excluded, "a").why().contains("excluded from latest"), line(excluded, "a").why());
    }

    @Test
    void aCanaryPoolIsPlannedToRollToACandidateExcludedFromLatestWhileATrackedPoolIsNot() {
        RolloutPolicy canary = new RolloutPolicy(TRACKED.image(), RolloutStrategy.IN_PLACE, true);
        RolloutPlan plan = Planner.plan(facts(version("1.1.0", true, 1), 1, List.of(pool(EAST, "canary", 1, canary, stable()),
                pool(EAST, "tracked", 2, TRACKED, stable()))));
        assertEquals(Action.ROLL, line(plan, "canary").action(), line(plan, "canary").why());
        assertEquals(Why.NOT_READY_FOR_POOL, line(plan, "tracked").code());
    }

    @Test
    void aBlueGreenPoolWhoseCandidateDoesNotFitTheQuotaIsSkippedAndTheNextPoolTakesTheSlot() {
        List<Pool> fleet = List.of(pool(EAST, "green", 10, BLUE_GREEN, stable()), pool(WEST, "later", 20, TRACKED, stable()));
        PlanFacts first = facts(version("1.1.0", false, 1), 1, fleet);
        // The account's 10 nodes hold 20 of its 30 cores; the candidate needs 20 more.
        PlanFacts read = first.withRollReads(Map.of(), Map.of(PlanFacts.key(EAST), PlanFixtures.capacity(EAST, 30)), Map.of());

        assertEquals(Action.ROLL, line(Planner.plan(first), "green").action(), "before the quota is read");
        RolloutPlan plan = Planner.plan(read);

        assertEquals(Why.QUOTA, line(plan, "green").code());
        assertFalse(line(plan, "green").quota().orElseThrow().ok());
        assertTrue(line(plan, "green").quota().get().detail().contains("needs 20 dedicated cores"),
                line(plan, "green").quota().get().detail());
        assertEquals(Action.ROLL, line(plan, "later").action());

        RolloutPlan roomy = Planner.plan(first.withRollReads(Map.of(), Map.of(PlanFacts.key(EAST),
                PlanFixtures.capacity(EAST, 100)), Map.of()));
        assertTrue(line(roomy, "green").quota().orElseThrow().ok());
        assertEquals(Optional.of(Duration.ZERO), line(roomy, "green").capacityDown().orElseThrow().estimate());
        assertEquals(Duration.ofMinutes(25), line(roomy, "green").capacityDown().get().afterDrain());
    }

    @Test
    void anUnreadAccountMakesEveryPoolThatWouldRollWaitOutsideTheWaves() {
        List<Pool> fleet = List.of(pool(EAST, "a", 1, TRACKED, stable()), pool(EAST, "b", 2, TRACKED, PlanFixtures.paused()));

        RolloutPlan plan = Planner.plan(PlanFixtures.withUnread(facts(version("1.1.0", false, 1), 1, fleet), "gone"));

        assertEquals(Why.WAITS_FOR_UNREAD_ACCOUNT, line(plan, "a").code());
        assertEquals(OptionalInt.empty(), line(plan, "a").wave());
        assertEquals(Why.PAUSED, line(plan, "b").code());
        assertEquals(List.of("gone"), plan.unreadAccounts());
    }

    @Test
    void inPlaceCapacityDownIsTheDrainUntilRunningTasksFinishThenTheSizedResizeTimeoutAndVerifyGrace() {
        Pool busy = pool(EAST, "busy", 10, TRACKED, stable());
        Pool idle = pool(EAST, "idle", 4, TRACKED, stable());
        Pool huge = pool(WEST, "huge", 3000, TRACKED, stable());
        PlanFacts facts = facts(version("1.1.0", false, 1), 3, List.of(busy, idle, huge)).withRollReads(Map.of(
                PlanFacts.key(busy.id()), PlanFixtures.running("busy", 7, 3),
                PlanFacts.key(idle.id()), PlanFixtures.running("idle", 4, 0)), Map.of(), Map.of());

        RolloutPlan plan = Planner.plan(facts);

        RolloutPlan.CapacityDown down = line(plan, "busy").capacityDown().orElseThrow();
        assertEquals(Optional.empty(), down.estimate(), "no number for a drain bound by running tasks");
        assertEquals(OptionalInt.of(3), down.runningNodes());
        assertEquals(Duration.ofMinutes(25), down.afterDrain(), "resizeTimeout 15 minutes + VERIFY_GRACE 10");
        assertTrue(down.basis().contains("tasks running on 3 of the 10 nodes finish"), down.basis());
        assertEquals(Optional.of(Duration.ofMinutes(25)), line(plan, "idle").capacityDown().orElseThrow().estimate());
        RolloutPlan.CapacityDown large = line(plan, "huge").capacityDown().orElseThrow();
        assertEquals(Duration.ofMinutes(55), large.afterDrain(), "45 minutes for 3,000 nodes + 10");
        assertEquals(OptionalInt.empty(), large.runningNodes(), "counts not read");
        assertTrue(large.basis().contains("node counts not read"), large.basis());
        assertTrue(line(plan, "huge").quota().isEmpty(), "no quota check in place");
    }

    @Test
    void autoscaledPoolsAreRestoredWithinTheTimeoutSizedForTheirPlannedNodes() {
        Pool fixed = pool(EAST, "fixed", 2500, TRACKED, stable());
        assertEquals(Duration.ofMinutes(45), CapacityDownEstimate.restoreTimeout(fixed, 2500));
        Pool autoscaled = new Pool(fixed.id(), fixed.etag(), fixed.provisioningState(), fixed.lastModified(), fixed.vmSize(),
                fixed.imageReferenceId(), fixed.nodeAgentSkuId(), new ScaleSettings.AutoScale("$TargetDedicatedNodes=1;",
                Duration.ofMinutes(5)), "Steady", fixed.allocationStateTransitionTime(), 1, 0, List.of(), Optional.empty(),
                fixed.metadata());
        assertEquals(Duration.ofMinutes(30), CapacityDownEstimate.restoreTimeout(autoscaled, 1200));
    }

    @Test
    void whyCodesAreCamelCaseForTheApi() {
        assertEquals("waitsForUnreadAccount", Why.WAITS_FOR_UNREAD_ACCOUNT.apiName());
        assertEquals("quota", Why.QUOTA.apiName());
        assertEquals(RolloutPhase.DRAINING, stable().startRollout(V2, PlanFixtures.V1, PlanFixtures.pool(EAST, "x", 1,
                TRACKED, stable()).scaleSettings(), T0).phase());
    }

    @Test
    void aBlueGreenRolloutHoldsItsSlotOnTheReplacedPoolAndItsCandidateIsNotAPoolToRoll() {
        var verifying = stable().startBlueGreen(V2, PlanFixtures.V1, PlanFixtures.pool(EAST, "x", 2, BLUE_GREEN, stable())
                .scaleSettings(), "green", "green-v1-1-0", T0).enter(RolloutPhase.CANDIDATE_VERIFYING, T0);
        var candidate = new io.batchrollout.core.rollout.state.RolloutState(RolloutPhase.CANDIDATE, Optional.of(V2),
                Optional.of(PlanFixtures.V1), Optional.of(T0), Optional.empty(), 0, List.of(), false, Optional.empty(),
                io.batchrollout.core.rollout.state.BlueGreenLinks.candidateOf("green", "green"));
        List<Pool> fleet = List.of(pool(EAST, "green", 2, BLUE_GREEN, verifying),
                pool(EAST, "green-v1-1-0", 2, BLUE_GREEN, candidate, V2, List.of()), pool(WEST, "next", 3, TRACKED, stable()));

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 1, fleet));

        assertEquals(Why.IN_PROGRESS, line(plan, "green").code(), line(plan, "green").why());
        assertEquals(OptionalInt.of(1), line(plan, "green").wave());
        assertEquals(Why.CANDIDATE, line(plan, "green-v1-1-0").code(), line(plan, "green-v1-1-0").why());
        assertEquals(OptionalInt.empty(), line(plan, "green-v1-1-0").wave());
        assertEquals(Action.WAIT, line(plan, "next").action());
        assertEquals(OptionalInt.of(2), line(plan, "next").wave());
    }

    @Test
    void aPlanForAnOlderVersionSaysWhichNewerOnesAPassWouldTakeInsteadIfReady() {
        List<Pool> fleet = List.of(pool(EAST, "a", 1, TRACKED, stable()));
        PlanFacts facts = facts(version("1.1.0", false, 1), 1, fleet).withListed(List.of(version("1.0.0", false, 1),
                version("1.1.0", false, 1), version("1.2.0", false, 1), version("1.3.0", true, 1)));

        RolloutPlan plan = Planner.plan(facts);

        assertEquals(List.of("1.3.0", "1.2.0"), plan.newerVersions(), "every newer version, newest first");
        assertEquals(Action.ROLL, line(plan, "a").action());
        assertTrue(line(plan, "a").why().endsWith("; but 1.2.0 is newer and eligible in westeurope: a pass takes the newest "
                + "ready version"), "1.3.0 is excluded from latest: " + line(plan, "a").why());
    }

    @Test
    void anInPlacePoolThatIsNotSteadyRollsOnceItIsAndThePlanSaysSo() {
        Pool steady = pool(EAST, "resizing", 1, TRACKED, stable());
        Pool resizing = new Pool(steady.id(), steady.etag(), steady.provisioningState(), steady.lastModified(),
                steady.vmSize(), steady.imageReferenceId(), steady.nodeAgentSkuId(), steady.scaleSettings(), "Resizing",
                steady.allocationStateTransitionTime(), 0, 0, List.of(), Optional.empty(), steady.metadata());

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 1, List.of(resizing)));

        assertTrue(line(plan, "resizing").why().endsWith("; the pool is Resizing: the drain waits until it is Steady"),
                line(plan, "resizing").why());
    }

    @Test
    void aLongQueueNamesOnlyTheNearestPoolsAheadSoTheAnswerGrowsLinearlyWithTheFleet() {
        List<Pool> fleet = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            fleet.add(pool(i % 2 == 0 ? EAST : WEST, String.format("p%02d", i), i, TRACKED, stable()));
        }

        RolloutPlan plan = Planner.plan(facts(version("1.1.0", false, 1), 3, fleet));

        assertEquals(OptionalInt.of(14), line(plan, "p40").wave(), "37 waiting pools after 3 rolling, 3 a wave");
        assertTrue(line(plan, "p40").why().endsWith("ahead of it: 39 pools (the last 5: p35, p36, p37, p38, p39)"),
                line(plan, "p40").why());
    }
}
