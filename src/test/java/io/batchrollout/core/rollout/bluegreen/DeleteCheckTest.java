package io.batchrollout.core.rollout.bluegreen;

import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.CANDIDATE;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.candidate;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.inPhase;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.job;
import static io.batchrollout.core.rollout.bluegreen.BlueGreenDeciderTest.named;
import static io.batchrollout.core.rollout.DeciderFixtures.DRAINED;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static io.batchrollout.core.rollout.DeciderFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.DeciderFixtures;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fresh read that stands in for the If-Match Pool_Delete lacks: a pool is deleted only if it is exactly the pool
 * the decision saw and still what its delete step targets, with no job left on it.
 */
class DeleteCheckTest {
    static final RolloutState RETIRING = inPhase(RolloutPhase.RETIRING_OLD_POOL);

    static Pool retired() {
        return named("render", V1, DRAINED, 0, RETIRING);
    }

    static Pool withEtag(Pool pool, String etag) {
        return new Pool(pool.id(), etag, pool.provisioningState(), pool.lastModified(), pool.vmSize(),
                pool.imageReferenceId(), pool.nodeAgentSkuId(), pool.scaleSettings(), pool.allocationState(),
                pool.allocationStateTransitionTime(), pool.currentDedicatedNodes(), pool.currentLowPriorityNodes(),
                pool.resizeErrors(), pool.startTask(), pool.metadata());
    }

    static Step.DeletePool retire(Pool decidedOn) {
        return new Step.DeletePool(decidedOn, Step.DeleteTarget.RETIRED_OLD_POOL, "retire");
    }

    @Test
    void theDrainedOldPoolAsTheDecisionSawItWithNoJobsMayBeDeleted() {
        Pool old = retired();
        assertEquals(Optional.empty(), DeleteCheck.ofPool(retire(old), old));
        assertEquals(Optional.empty(), DeleteCheck.ofJobs(old, List.of(job("done", "completed", "render"))),
                "a completed job is not stranded");
    }

    @Test
    void anOldPoolWithAnotherEtagIsNotDeletedWhateverElseItLooksLike() {
        Pool old = retired();
        String why = DeleteCheck.ofPool(retire(old), withEtag(old, "\"etag-later\"")).orElseThrow();
        assertTrue(why.contains("render changed since this pass read it") && why.contains("etag-later"), why);
    }

    @Test
    void anOldPoolThatIsNoLongerDrainedEmptyOrRetiringIsNotDeleted() {
        Pool decided = retired();
        Pool resized = withEtag(named("render", V1, TEN, 0, RETIRING), decided.etag());
        assertTrue(DeleteCheck.ofPool(retire(decided), resized).orElseThrow().contains("no longer drained"));
        Pool withNodes = withEtag(named("render", V1, DRAINED, 2, RETIRING), decided.etag());
        assertTrue(DeleteCheck.ofPool(retire(decided), withNodes).orElseThrow().contains("with 2 nodes"));
        Pool stable = withEtag(named("render", V1, DRAINED, 0, RETIRING.settle(RolloutPhase.STABLE,
                DeciderFixtures.NOW)), decided.etag());
        assertTrue(DeleteCheck.ofPool(retire(decided), stable).orElseThrow().contains("phase STABLE"));
    }

    @Test
    void aJobStillOnThePoolWithholdsTheDeleteWhateverItsState() {
        Pool old = retired();
        for (String state : List.of("active", "disabling", "disabled", "enabling")) {
            String why = DeleteCheck.ofJobs(old, List.of(job("nightly", state, "render"))).orElseThrow();
            assertTrue(why.contains("job nightly (" + state + ") is on render"), why);
        }
    }

    @Test
    void theAbortedCandidateIsDeletedOnlyWhileItIsStillACandidateReplacingAPool() {
        Pool candidate = candidate();
        Step.DeletePool abort = new Step.DeletePool(candidate, Step.DeleteTarget.ABORTED_CANDIDATE, "abort");
        assertEquals(Optional.empty(), DeleteCheck.ofPool(abort, candidate), "nodes and scale do not matter for it");

        Pool promoted = withEtag(named(CANDIDATE, V2, TEN, 10, RolloutState.initial()), candidate.etag());
        assertTrue(DeleteCheck.ofPool(abort, promoted).orElseThrow().contains("no longer a candidate"));
        assertTrue(DeleteCheck.ofPool(abort, withEtag(candidate, "\"etag-later\"")).isPresent());
        assertTrue(DeleteCheck.ofJobs(candidate, List.of(job("moved", "active", CANDIDATE))).isPresent());
    }

    @Test
    void unreadableRolloutMetadataWithholdsTheDelete() {
        Pool old = retired();
        List<Metadata> broken = old.metadata().stream().map(m -> m.name().equals(RolloutStateCodec.PHASE)
                ? new Metadata(m.name(), "SIDEWAYS") : m).toList();
        Pool unreadable = new Pool(old.id(), old.etag(), old.provisioningState(), old.lastModified(), old.vmSize(),
                old.imageReferenceId(), old.nodeAgentSkuId(), old.scaleSettings(), old.allocationState(),
                old.allocationStateTransitionTime(), 0, 0, List.of(), Optional.empty(), broken);
        assertTrue(DeleteCheck.ofPool(retire(old), unreadable).orElseThrow().contains("cannot be read"));
    }
}
