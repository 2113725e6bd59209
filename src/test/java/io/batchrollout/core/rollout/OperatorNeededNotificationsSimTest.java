package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.PoolIsolationSimTest.edit;
import static io.batchrollout.core.rollout.PoolIsolationSimTest.state;
import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.FaultInjector;
import io.batchrollout.sim.eventgrid.EventGridSimulation.Received;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notifications that ask for an operator, and blocked pools, on the simulated Azure: each is told once, while
 * passes keep finding the same problem.
 */
class OperatorNeededNotificationsSimTest extends RolloutWorldTest {

    private static Reconciler notifying(String topic) {
        return world.engine().withNotifications(world.clients.notifications(world.sim.addTopic(topic)));
    }

    private static List<String> told(String topic) {
        return world.sim.eventGrid().events(topic).stream().map(e -> e.type().substring("io.batchrollout.rollout.".length())).toList();
    }

    @Test
    void aPermissionDeniedStepIsToldOnceWhilePassesKeepMeetingItAndTheRollIsToldOnceGranted() {
        ImageDefinitionId image = world.definition("n-denied");
        world.pool("n-denied", image, 1);
        world.addVersion(image, "1.1.0");
        Reconciler engine = notifying("n-denied");
        world.sim.faults().add("Pool_Update", new FaultInjector.Fault.ServerError(403, "AuthorizationFailed"), 5);

        for (int pass = 0; pass < 5; pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(5, world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 403
                && e.path().endsWith("/n-denied")), "five passes met the 403");
        for (int pass = 0; pass < 120 && !stableOn("1.1.0").test(world.get("n-denied")); pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(List.of("operatorNeeded", "started", "gatePassed", "succeeded"), told("n-denied"));
        Received denied = world.sim.eventGrid().events("n-denied").get(0);
        assertTrue(denied.data().path("reasons").get(0).asText().startsWith("PERMISSION DENIED: drain answered 403"),
                denied.data().toString());
    }

    @Test
    void aBlockedPoolIsToldOnceAndAgainWhenItsReasonChanges() {
        ImageDefinitionId image = world.definition("n-blocked");
        world.pool("n-blocked", image, 1);
        // Still replicating: the newest version is not ready in the pool's region, so the pool is blocked on 1.0.0.
        world.sim.gallery().addVersion(image.toString(), "1.1.0", RolloutWorld.regions(), false);
        Reconciler engine = notifying("n-blocked");

        for (int pass = 0; pass < 3; pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        world.sim.gallery().addVersion(image.toString(), "1.2.0", RolloutWorld.regions(), false);
        for (int pass = 0; pass < 3; pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(RolloutPhase.BLOCKED, phase("n-blocked"));
        assertEquals(List.of("blocked", "blocked"), told("n-blocked"));
        List<Received> events = world.sim.eventGrid().events("n-blocked");
        assertTrue(events.get(0).data().path("reasons").get(0).asText().contains("1.1.0"), events.get(0).data().toString());
        assertTrue(events.get(1).data().path("reasons").get(0).asText().contains("1.2.0"), events.get(1).data().toString());
    }

    @Test
    void aStepAzureRefusesIsToldAsNeedingAnOperatorThenTheRollbackItCauses() {
        ImageDefinitionId image = world.definition("n-refused");
        world.pool("n-refused", image, 1);
        world.addVersion(image, "1.1.0");
        Reconciler engine = notifying("n-refused");
        engine.reconcileTracking(image);
        assertEquals(RolloutPhase.DRAINING, phase("n-refused"));
        world.deleteVersion(image, "1.1.0");

        for (int pass = 0; pass < 60 && !(stableOn("1.0.0").test(world.get("n-refused"))
                && world.state("n-refused").isRejected("1.1.0")); pass++) {
            world.sim.advance(Duration.ofMinutes(1));
            engine.reconcileTracking(image);
        }
        for (int pass = 0; pass < 3; pass++) {
            engine.reconcileTracking(image);
        }

        // The refusal is recorded (operator needed), then decided on: the version is rejected and the pool rolls back.
        assertEquals(List.of("started", "operatorNeeded", "failed", "rolledBack"), told("n-refused"));
    }

    @Test
    void aTamperedStateIsToldOnceWhenItsDecisionIsWritten() {
        ImageDefinitionId image = world.definition("n-tampered");
        ImageDefinitionId other = world.definition("n-tampered-other");
        world.pool("n-tampered", image, 1);
        world.addVersion(image, "1.1.0");
        edit(world.account, "n-tampered", state(HostileMetadataSimTest.inPhase(RolloutPhase.DRAINING,
                other.version("1.0.0").toString(), image.version("1.0.0").toString(), BlueGreenLinks.NONE)));
        Reconciler engine = notifying("n-tampered");

        for (int pass = 0; pass < 4; pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(List.of("operatorNeeded"), told("n-tampered"));
        assertEquals("TAMPERED", world.sim.eventGrid().events("n-tampered").get(0).data().path("phase").asText());
    }
}
