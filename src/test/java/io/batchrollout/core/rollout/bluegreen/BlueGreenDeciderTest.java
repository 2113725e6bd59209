package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.DeciderFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.capacity.RegionSkus;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The blue-green decision phase by phase, on hand-built pools, jobs and node counts. */
class BlueGreenDeciderTest {
    static final RolloutPolicy BLUE_GREEN = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.BLUE_GREEN);
    static final String CANDIDATE = "render-v1-1-0";
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    static Pool named(String name, String image, ScaleSettings scale, int nodes, RolloutState state) {
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(BLUE_GREEN.toMetadata());
        metadata = RolloutStateCodec.writeInto(metadata, state);
        return new Pool(ACCOUNT.pool(name), "\"etag-" + name + "\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3",
                image, "batch.node.ubuntu 22.04", scale, "Steady", OffsetDateTime.now(), nodes, 0, List.of(), Optional.empty(),
                metadata);
    }

    static BatchAccount account(int familyQuota) {
        return new BatchAccount(ACCOUNT, "northeurope", "acc.northeurope.batch.azure.com", "BatchService", 1000, 0, true,
                Map.of("standardDSv3Family", familyQuota), 100);
    }

    static final RegionSkus NORTH_EUROPE = new RegionSkus("northeurope", List.of(
            new VmSku("Standard_D2s_v3", "standardDSv3Family", 2), new VmSku("Standard_D4s_v3", "standardDSv3Family", 4)));

    /** {@code quota}: a BatchService-mode account, seen with the North Europe sizes. */
    static Observations sees(List<Pool> pools, Optional<BatchAccount> quota, Optional<NodeCounts> nodes, List<BatchJob> onOld,
                             List<BatchJob> onCandidate) {
        Optional<Capacity> capacity = quota.map(a -> new Capacity(a, NORTH_EUROPE, Optional.empty()));
        return new Observations(Optional.of(ready("1.1.0")), Optional.empty(), NOW,
                Optional.of(new BlueGreenView(pools, capacity, nodes, onOld, onCandidate)));
    }

    static RolloutState inPhase(RolloutPhase phase) {
        return RolloutState.initial().startBlueGreen(V2, V1, TEN, "render", CANDIDATE, NOW.minusSeconds(300))
                .enter(phase, NOW.minusSeconds(300));
    }

    static Pool candidate() {
        RolloutState links = RolloutState.initial().withLinks(BlueGreenLinks.candidateOf("render", "render"))
                .enter(RolloutPhase.CANDIDATE, NOW);
        return named(CANDIDATE, V2, TEN, 10, links);
    }

    static BatchJob job(String id, String state, String pool) {
        return new BatchJob(id, state, pool, "0x8D1");
    }

    @Test
    void aReadyVersionFirstAsksForTheQuotaThenRecordsTheCandidateItWillCreate() {
        Pool old = named("render", V1, TEN, 10, RolloutState.initial());
        Step ask = decider.decide(old, BLUE_GREEN, RolloutState.initial(), sees(List.of(old), Optional.empty(),
                Optional.empty(), List.of(), List.of()));
        assertInstanceOf(Step.ReadQuota.class, ask);

        Step step = decider.decide(old, BLUE_GREEN, RolloutState.initial(), sees(List.of(old), Optional.of(account(100)),
                Optional.empty(), List.of(), List.of()));
        RolloutState started = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.CREATING_CANDIDATE, started.phase());
        assertEquals(Optional.of(CANDIDATE), started.links().candidate());
        assertEquals(Optional.of("render"), started.links().group());
        assertEquals(Optional.of(V2), started.target());
        assertEquals(Optional.of(V1), started.previous());
    }

    @Test
    void aPoolWhoseSecretsBatchNeverReturnsIsBlockedInsteadOfHalfCopied() {
        Pool withAccounts = named("render", V1, TEN, 10, RolloutState.initial());
        withAccounts = new Pool(withAccounts.id(), withAccounts.etag(), withAccounts.provisioningState(), withAccounts.lastModified(),
                withAccounts.vmSize(), withAccounts.imageReferenceId(), withAccounts.nodeAgentSkuId(), withAccounts.scaleSettings(),
                withAccounts.allocationState(), withAccounts.allocationStateTransitionTime(), 10, 0, List.of(),
                Optional.empty(), withAccounts.metadata(), List.of("user accounts (passwords)"));

        Step step = decider.decide(withAccounts, BLUE_GREEN, RolloutState.initial(), sees(List.of(withAccounts),
                Optional.of(account(100)), Optional.empty(), List.of(), List.of()));

        RolloutState blocked = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        assertTrue(blocked.lastDecision().orElseThrow().contains("user accounts (passwords)"), blocked.lastDecision().orElseThrow());
    }

    @Test
    void aCandidateThatDoesNotFitTheFamilyQuotaBlocksWithTheNumbers() {
        Pool old = named("render", V1, TEN, 10, RolloutState.initial());
        Step step = decider.decide(old, BLUE_GREEN, RolloutState.initial(), sees(List.of(old), Optional.of(account(24)),
                Optional.empty(), List.of(), List.of()));
        RolloutState blocked = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        assertTrue(blocked.lastDecision().orElseThrow().contains(
                "needs 20 dedicated cores of family standardDSv3Family, 20 are in use, the quota is 24 (4 free)"),
                blocked.lastDecision().orElseThrow());
    }

    @Test
    void theCandidateIsCreatedWithTheSameSpecTheNewImageAndItsLinks() {
        RolloutState creating = inPhase(RolloutPhase.CREATING_CANDIDATE);
        Pool old = named("render", V1, TEN, 10, creating);
        Step step = decider.decide(old, BLUE_GREEN, creating, sees(List.of(old), Optional.empty(), Optional.empty(),
                List.of(), List.of()));
        Step.CreatePool create = assertInstanceOf(Step.CreatePool.class, step);
        assertEquals(CANDIDATE, create.id().poolName());
        assertEquals(V2, create.spec().imageReferenceId());
        assertEquals(TEN, create.spec().scaleSettings());
        assertEquals("Standard_D2s_v3", create.spec().vmSize());
        RolloutState candidateState = ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(create.spec().metadata())).state();
        assertEquals(RolloutPhase.CANDIDATE, candidateState.phase());
        assertEquals(Optional.of("render"), candidateState.links().replaces());
        assertEquals(Optional.of(BLUE_GREEN), RolloutPolicy.decode(create.spec().metadata()) instanceof RolloutPolicy.Decoded.Present p
                ? Optional.of(p.policy()) : Optional.empty());
        assertEquals(new Metadata("team", "render"), create.spec().metadata().get(0), "the caller's metadata comes along");

        Step created = decider.decide(old, BLUE_GREEN, creating, sees(List.of(old, candidate()), Optional.empty(),
                Optional.empty(), List.of(), List.of()));
        assertEquals(RolloutPhase.CANDIDATE_VERIFYING, assertInstanceOf(Step.Record.class, created).state().phase());
    }

    @Test
    void aCandidateFailingTheHealthGateAbortsAndRejectsTheVersionThenIsDeleted() {
        RolloutState verifying = inPhase(RolloutPhase.CANDIDATE_VERIFYING);
        Pool old = named("render", V1, TEN, 10, verifying);
        Step step = decider.decide(old, BLUE_GREEN, verifying, sees(List.of(old, candidate()), Optional.empty(),
                Optional.of(counts(0, 0, 0, 10)), List.of(), List.of()));
        RolloutState aborting = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.ABORTING, aborting.phase());
        assertTrue(aborting.isRejected("1.1.0"));

        Step delete = decider.decide(old, BLUE_GREEN, aborting, sees(List.of(old, candidate()), Optional.empty(),
                Optional.empty(), List.of(job("render-job", "active", "render")), List.of()));
        assertEquals(CANDIDATE, assertInstanceOf(Step.DeletePool.class, delete).pool().id().poolName());

        Step settled = decider.decide(old, BLUE_GREEN, aborting, sees(List.of(old), Optional.empty(), Optional.empty(),
                List.of(), List.of()));
        RolloutState stable = assertInstanceOf(Step.Record.class, settled).state();
        assertEquals(RolloutPhase.STABLE, stable.phase());
        assertEquals(Optional.empty(), stable.links().candidate());
        assertTrue(stable.lastDecision().orElseThrow().contains("1.1.0 failed the health gate"));
    }

    @Test
    void aHealthyCandidateStartsMovingJobs() {
        RolloutState verifying = inPhase(RolloutPhase.CANDIDATE_VERIFYING);
        Pool old = named("render", V1, TEN, 10, verifying);
        Step step = decider.decide(old, BLUE_GREEN, verifying, sees(List.of(old, candidate()), Optional.empty(),
                Optional.of(counts(10, 0, 0, 0)), List.of(), List.of()));
        assertEquals(RolloutPhase.MOVING_JOBS, assertInstanceOf(Step.Record.class, step).state().phase());
    }

    @Test
    void aJobMovesByDisableWaitRetargetAndEnableOneCallAtATime() {
        RolloutState moving = inPhase(RolloutPhase.MOVING_JOBS);
        Pool old = named("render", V1, TEN, 10, moving);
        List<Pool> pools = List.of(old, candidate());
        Step pick = decider.decide(old, BLUE_GREEN, moving, sees(pools, Optional.empty(), Optional.empty(),
                List.of(job("b", "active", "render"), job("a", "active", "render")), List.of()));
        RolloutState a = assertInstanceOf(Step.Record.class, pick).state();
        assertEquals(Optional.of("a"), a.links().moving());

        Step.MoveJob disable = assertInstanceOf(Step.MoveJob.class, decider.decide(old, BLUE_GREEN, a, sees(pools,
                Optional.empty(), Optional.empty(), List.of(job("a", "active", "render")), List.of())));
        assertEquals(Step.JobAction.DISABLE, disable.action());
        assertInstanceOf(Step.NoChange.class, decider.decide(old, BLUE_GREEN, a, sees(pools, Optional.empty(),
                Optional.empty(), List.of(job("a", "disabling", "render")), List.of())));
        Step.MoveJob retarget = assertInstanceOf(Step.MoveJob.class, decider.decide(old, BLUE_GREEN, a, sees(pools,
                Optional.empty(), Optional.empty(), List.of(job("a", "disabled", "render")), List.of())));
        assertEquals(Step.JobAction.RETARGET, retarget.action());
        assertEquals(CANDIDATE, retarget.toPool());
        Step.MoveJob enable = assertInstanceOf(Step.MoveJob.class, decider.decide(old, BLUE_GREEN, a, sees(pools,
                Optional.empty(), Optional.empty(), List.of(), List.of(job("a", "disabled", CANDIDATE)))));
        assertEquals(Step.JobAction.ENABLE, enable.action());
        Step done = decider.decide(old, BLUE_GREEN, a, sees(pools, Optional.empty(), Optional.empty(),
                List.of(job("b", "active", "render")), List.of(job("a", "enabling", CANDIDATE))));
        RolloutState b = assertInstanceOf(Step.Record.class, done).state();
        assertEquals(List.of("a"), b.links().moved());
        assertEquals(Optional.of("b"), b.links().moving());
    }

    @Test
    void withEveryJobMovedTheOldPoolDrainsAndIsDeletedWhenEmpty() {
        RolloutState moving = inPhase(RolloutPhase.MOVING_JOBS);
        Pool old = named("render", V1, TEN, 10, moving);
        Step drain = decider.decide(old, BLUE_GREEN, moving, sees(List.of(old, candidate()), Optional.empty(),
                Optional.empty(), List.of(job("done", "completed", "render")), List.of()));
        Step.Drain retire = assertInstanceOf(Step.Drain.class, drain);
        assertEquals(RolloutPhase.RETIRING_OLD_POOL, retire.state().phase());
        assertEquals(ScaleSettings.NodeDeallocationOption.TASK_COMPLETION, retire.scale().nodeDeallocationOption());

        Pool empty = named("render", V1, DRAINED, 0, retire.state());
        Step delete = decider.decide(empty, BLUE_GREEN, retire.state(), sees(List.of(empty, candidate()), Optional.empty(),
                Optional.empty(), List.of(), List.of()));
        assertEquals("render", assertInstanceOf(Step.DeletePool.class, delete).pool().id().poolName());
    }

    @Test
    void aJobSubmittedToTheRetiringPoolIsMovedBeforeThePoolIsDeleted() {
        RolloutState retiring = inPhase(RolloutPhase.RETIRING_OLD_POOL);
        Pool empty = named("render", V1, DRAINED, 0, retiring);

        Step step = decider.decide(empty, BLUE_GREEN, retiring, sees(List.of(empty, candidate()), Optional.empty(),
                Optional.empty(), List.of(job("late", "active", "render")), List.of()));

        RolloutState back = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.MOVING_JOBS, back.phase());
        assertEquals(Optional.of("late"), back.links().moving());
    }

    @Test
    void theCandidateWaitsForTheOldPoolThenTakesOverAsStable() {
        Pool candidate = candidate();
        RolloutState state = PoolGroups.stateOf(candidate);
        Pool old = named("render", V1, DRAINED, 0, inPhase(RolloutPhase.RETIRING_OLD_POOL));
        assertInstanceOf(Step.NoChange.class, decider.decide(candidate, BLUE_GREEN, state, sees(List.of(old, candidate),
                Optional.empty(), Optional.empty(), List.of(), List.of())));
        assertEquals(Optional.of(candidate), PoolGroups.activeIn(List.of(old, candidate), "render"),
                "pipelines submit to the candidate once jobs move");

        Step promote = decider.decide(candidate, BLUE_GREEN, state, sees(List.of(candidate), Optional.empty(),
                Optional.empty(), List.of(), List.of()));
        RolloutState stable = assertInstanceOf(Step.Record.class, promote).state();
        assertEquals(RolloutPhase.STABLE, stable.phase());
        assertEquals(Optional.empty(), stable.links().replaces());
        assertEquals(Optional.of("render"), stable.links().group());
    }

    @Test
    void theOldPoolStaysActiveWhileTheCandidateIsVerified() {
        Pool old = named("render", V1, TEN, 10, inPhase(RolloutPhase.CANDIDATE_VERIFYING));
        assertEquals(Optional.of(old), PoolGroups.activeIn(List.of(candidate(), old), "render"));
    }

    @Test
    void candidateNamesFitBatchsLimitAndStayDistinctForLongGroups() {
        SemanticVersion v = new SemanticVersion(12, 345, 6789);
        String a = PoolGroups.candidateName("a".repeat(60) + "-one", v);
        String b = PoolGroups.candidateName("a".repeat(60) + "-two", v);
        assertTrue(a.length() <= 64 && b.length() <= 64, a + " " + b);
        assertTrue(a.endsWith("-v12-345-6789"));
        assertNotEquals(a, b);
        assertEquals("render-v1-1-0", PoolGroups.candidateName("render", new SemanticVersion(1, 1, 0)));
    }
}
