package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.ImageDefinitionId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account whose pools cannot be listed is reported, not hidden, and costs the other work of the pass nothing. */
class UnreadAccountSimTest extends RolloutWorldTest {
    @Test
    void anAccountWhosePoolListFailsIsReportedAndTheNextPassReadsItAgain() {
        ImageDefinitionId image = world.definition("unread");
        world.pool("unread-a", image, 1);
        world.sim.faults().serverError("Pool_ListByBatchAccount", 20);

        PassReport failed;
        try {
            failed = world.engine().reconcileAll();
        } finally {
            world.sim.faults().clear();
        }
        PassReport next = world.engine().reconcileAll();

        assertEquals(List.of(), failed.decisions());
        assertEquals(1, failed.unreadAccounts().size());
        PassReport.UnreadAccount unread = failed.unreadAccounts().get(0);
        assertEquals(500, unread.status());
        assertEquals(world.account.accountName(), unread.account());
        assertEquals(List.of(), next.unreadAccounts());
        assertEquals(List.of("unread-a"), next.decisions().stream().map(d -> d.pool().poolName())
                .filter(n -> n.startsWith("unread")).toList());
    }
}
