package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorActions;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OperatorActions on the simulated Azure through the real adapter: a real stale ETag, unreadable state. */
class OperatorActionsSimTest extends RolloutWorldTest {
    /** The real adapter, with another writer changing the pool right after each read: the ETag read is stale. */
    private static final class RacingPools extends ForwardingBatchPools {
        RacingPools(BatchPools real) {
            super(real);
        }

        @Override
        public Optional<Pool> get(PoolId id) {
            Optional<Pool> read = real.get(id);
            read.ifPresent(p -> {
                List<Metadata> more = new ArrayList<>(p.metadata());
                more.add(0, new Metadata("touched", "by-another-writer"));
                real.update(id, PoolUpdate.metadata(more), p.etag());
            });
            return read;
        }
    }

    @Test
    void aWriteWithTheEtagOfAPoolChangedSinceItWasReadIsRefusedAndOverwritesNothing() {
        ImageDefinitionId image = world.definition("op-race");
        world.pool("op-race", image, 0);
        OperatorActions racing = new OperatorActions(new RacingPools(world.clients.pools()), world.clock, line -> { });

        OperatorActions.Outcome outcome = racing.apply(world.poolId("op-race"), OperatorAction.PAUSE);

        String reason = assertInstanceOf(OperatorActions.Outcome.ChangedMeanwhile.class, outcome).reason();
        assertTrue(reason.contains("412"), reason);
        assertFalse(world.state("op-race").paused());
        assertEquals("by-another-writer", world.get("op-race").metadataValue("touched").orElseThrow(), "the other write stands");

        OperatorActions plain = new OperatorActions(world.clients.pools(), world.clock, line -> { });
        assertInstanceOf(OperatorActions.Outcome.Applied.class, plain.apply(world.poolId("op-race"), OperatorAction.PAUSE));
        assertTrue(world.state("op-race").paused());
        assertEquals("by-another-writer", world.get("op-race").metadataValue("touched").orElseThrow(), "every other entry kept");
    }

    @Test
    void stateEntriesThatCannotBeReadAreRefusedWithTheReason() {
        ImageDefinitionId image = world.definition("op-unreadable");
        Pool pool = world.pool("op-unreadable", image, 0);
        List<Metadata> broken = new ArrayList<>(pool.metadata());
        broken.add(new Metadata(RolloutStateCodec.PHASE, "SIDEWAYS"));
        world.clients.pools().update(pool.id(), PoolUpdate.metadata(broken), pool.etag());
        OperatorActions actions = new OperatorActions(world.clients.pools(), world.clock, line -> { });

        OperatorActions.Outcome outcome = actions.apply(world.poolId("op-unreadable"), OperatorAction.RETRY);

        assertTrue(assertInstanceOf(OperatorActions.Outcome.Refused.class, outcome).reason().contains("cannot be read"));
    }
}
