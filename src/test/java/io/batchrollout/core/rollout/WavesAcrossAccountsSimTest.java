package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Waves count every configured account: a pool of the image in another account holds the slot, or, unread, every slot. */
class WavesAcrossAccountsSimTest extends RolloutWorldTest {
    static BatchAccountId second;

    @BeforeAll
    static void start() {
        world.sim.batch().addAccount(RolloutWorld.SUB, "batch-rg", "rollbatch2", "northeurope", 500, 0);
        second = BatchAccountId.parse("/subscriptions/" + RolloutWorld.SUB
                + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/rollbatch2");
    }

    /** The second account's list fails as Azure would answer it when unavailable; everything else is real. */
    static final class SecondAccountUnreadable extends ForwardingBatchPools {
        SecondAccountUnreadable(BatchPools real) {
            super(real);
        }

        @Override
        public List<Pool> list(BatchAccountId account) {
            if (account.equals(second)) {
                throw new AzureCallException.Failed(503, "ServiceUnavailable", "the account is unavailable", null);
            }
            return super.list(account);
        }
    }

    private static Pool second(String name) {
        return world.clients.pools().get(second.pool(name)).orElseThrow();
    }

    private static RolloutPhase phase(Pool pool) {
        return PoolGroups.stateOf(pool).phase();
    }

    @Test
    void theSmallerPoolInTheOtherAccountGoesFirstAndTheLargerWaitsForIt() {
        ImageDefinitionId image = world.definition("across");
        world.pool("across-big", image, 3);
        world.pool(second, "across-small", image, 1, RolloutStrategy.IN_PLACE, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        Reconciler both = world.engine(List.of(world.account, second), world.clients.pools());

        PassReport first = both.reconcileTracking(image);

        assertEquals(RolloutPhase.DRAINING, phase(second("across-small")));
        assertEquals(RolloutPhase.STABLE, phase(world.get("across-big")));
        assertEquals("waiting to roll to 1.1.0: 1 of 1 rollouts of across in progress (pool across-small on 1.1.0); at "
                + "most 1 roll at a time (MAX_ROLLOUTS_PER_IMAGE), smaller pools first", first.decisions().stream()
                .filter(d -> d.pool().poolName().equals("across-big")).findFirst().orElseThrow().reason());
        for (int pass = 0; pass < 200 && !(stableOn("1.1.0").test(world.get("across-big"))
                && stableOn("1.1.0").test(second("across-small"))); pass++) {
            world.sim.advance(Duration.ofMinutes(1));
            both.reconcileTracking(image);
            assertTrue(!phase(world.get("across-big")).inProgress() || !phase(second("across-small")).inProgress(),
                    "both pools mid-rollout at once:\n" + String.join("\n", world.log));
        }
        assertTrue(stableOn("1.1.0").test(world.get("across-big")), String.join("\n", world.log));
        assertTrue(stableOn("1.1.0").test(second("across-small")));
    }

    @Test
    void anAccountThatCannotBeListedStopsNewRolloutsOfEveryImageUntilItIsReadAgain() {
        ImageDefinitionId image = world.definition("blind");
        world.pool("blind-a", image, 2);
        world.addVersion(image, "1.1.0");
        long writes = world.successfulWrites("blind-a");

        PassReport blind = world.engine(List.of(world.account, second), new SecondAccountUnreadable(world.clients.pools()))
                .reconcileTracking(image);

        assertEquals(List.of("rollbatch2"), blind.unreadAccounts().stream().map(PassReport.UnreadAccount::account).toList());
        PassReport.PoolDecision decision = blind.decisions().get(0);
        assertEquals("none", decision.step());
        assertTrue(decision.reason().startsWith("waiting: account rollbatch2 could not be listed"), decision.reason());
        assertEquals(writes, world.successfulWrites("blind-a"), "waiting writes nothing");

        world.engine(List.of(world.account, second), world.clients.pools()).reconcileTracking(image);
        assertEquals(RolloutPhase.DRAINING, phase(world.get("blind-a")));
    }
}
