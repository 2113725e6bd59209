package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.capacity.VmSkuCatalog;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blue-green starts in a UserSubscription-mode account on the simulated Azure: the subscription's regional Compute
 * quotas (Usage_List) decide whether a candidate is created, and a size Batch no longer lists in the region blocks.
 */
class UserSubscriptionQuotaSimTest {
    static final String REGION = "northeurope";
    static RolloutWorld world;

    @BeforeAll
    static void start() {
        world = RolloutWorld.inUserSubscriptionMode();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static long candidateCreates(String candidate) {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.path().endsWith("/" + candidate));
    }

    @Test
    void aCandidateBeyondTheSubscriptionsFamilyVcpuQuotaIsBlockedThenProceedsOnceTheLimitIsRaised() {
        world.sim.compute().setLimit(RolloutWorld.SUB, REGION, "standardDSv3Family", 30);
        ImageDefinitionId image = world.definition("us-quota");
        world.pool("us-quota", image, 10, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        assertEquals(10, world.get("us-quota").currentDedicatedNodes(), "20 vCPUs fit the limit of 30");
        world.addVersion(image, "1.1.0");
        String candidate = "us-quota-v1-1-0";

        world.engine().reconcileTracking(image);
        RolloutState blocked = world.state("us-quota");
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        String decision = blocked.lastDecision().orElseThrow();
        assertTrue(decision.contains("the subscription's northeurope quota: the candidate needs 20 vCPUs of family "
                + "standardDSv3Family, 20 are in use in the subscription and 0 more are still to be allocated to the "
                + "account's pools, the limit is 30 (10 free)"), decision);
        world.sim.advance(Duration.ofMinutes(1));
        world.engine().reconcileTracking(image);
        assertEquals(RolloutPhase.BLOCKED, world.state("us-quota").phase(), "still blocked while the limit stands");
        assertEquals(0, candidateCreates(candidate));

        world.sim.compute().setLimit(RolloutWorld.SUB, REGION, "standardDSv3Family", 40);
        world.passUntil(image, "us-quota", p -> world.find(candidate).isPresent(), 5);
        assertEquals(1, candidateCreates(candidate));
        world.sim.advance(Duration.ofMinutes(6));
        assertEquals(10, world.get(candidate).currentDedicatedNodes(), "the whole candidate was allocated, none held back");
    }

    @Test
    void aSizeBatchNoLongerListsInTheRegionBlocksTheCandidateWithThatReason() {
        ImageDefinitionId image = world.definition("us-retired");
        world.pool("us-retired", image, 1, RolloutStrategy.BLUE_GREEN, "Standard_E2s_v3");
        world.sim.batch().withdrawVmSize(REGION, "Standard_E2s_v3");
        // the process keeps the region's list for six hours; a later read sees the size gone
        world.sim.advance(VmSkuCatalog.DEFAULT_REFRESH);
        world.addVersion(image, "1.1.0");

        world.engine().reconcileTracking(image);
        RolloutState blocked = world.state("us-retired");
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        assertTrue(blocked.lastDecision().orElseThrow().contains("VM size Standard_E2s_v3 is not among the "),
                blocked.lastDecision().orElseThrow());
        assertTrue(blocked.lastDecision().orElseThrow().contains("sizes Batch supports in northeurope"));
        assertEquals(0, candidateCreates("us-retired-v1-1-0"));
        world.sim.batch().restoreVmSize(REGION, "Standard_E2s_v3");
    }
}
