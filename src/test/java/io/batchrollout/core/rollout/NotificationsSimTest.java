package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.eventgrid.EventGridSimulation.Received;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Rollout notifications on the simulated Azure: the exact CloudEvents a topic receives for each kind of rollout, each
 * once per transition, whatever the passes do; a topic that fails changes nothing about the rollout.
 */
class NotificationsSimTest extends RolloutWorldTest {
    private static final String PREFIX = "io.batchrollout.rollout.";

    /** A topic of its own for the test and a reconciler publishing to it. */
    private static Reconciler notifying(String topic) {
        return world.engine().withNotifications(world.clients.notifications(world.sim.addTopic(topic)));
    }

    private static void passesUntil(Reconciler engine, ImageDefinitionId image, BooleanSupplier done) {
        for (int pass = 0; pass < 200; pass++) {
            engine.reconcileTracking(image);
            if (done.getAsBoolean()) {
                return;
            }
            world.sim.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not done after 200 passes:\n" + String.join("\n", world.log));
    }

    /** "started render" for each event, in the order the topic received them. */
    private static List<String> told(String topic) {
        List<Received> events = world.sim.eventGrid().events(topic);
        assertEquals(events.size(), new HashSet<>(events.stream().map(Received::id).toList()).size(), "ids are unique");
        return events.stream().map(e -> e.type().substring(PREFIX.length()) + " " + e.data().path("poolId").asText()).toList();
    }

    @Test
    void anInPlaceRollIsStartedThenGatePassedThenSucceeded() {
        ImageDefinitionId image = world.definition("n-inplace");
        world.pool("n-inplace", image, 2);
        world.addVersion(image, "1.1.0");
        Reconciler engine = notifying("n-inplace");

        passesUntil(engine, image, () -> stableOn("1.1.0").test(world.get("n-inplace")));
        for (int i = 0; i < 3; i++) {
            engine.reconcileTracking(image);
        }

        assertEquals(List.of("started n-inplace", "gatePassed n-inplace", "succeeded n-inplace"), told("n-inplace"));
        Received succeeded = world.sim.eventGrid().events("n-inplace").get(2);
        assertEquals(world.poolId("n-inplace").toString(), succeeded.subject());
        assertEquals("1.0.0", succeeded.data().path("fromVersion").asText());
        assertEquals("1.1.0", succeeded.data().path("toVersion").asText());
        assertEquals("STABLE", succeeded.data().path("phase").asText());
        assertEquals(image.toString(), succeeded.data().path("imageDefinitionId").asText());
        assertEquals(2, world.sim.requests().count(e -> e.operation().equals("PublishCloudEventEvents")
                && e.path().contains("/n-inplace/")), "one publish per pass that wrote news (the drain, the verified "
                + "write), none for the passes that wrote nothing or nothing to tell");
    }

    @Test
    void aBlueGreenRollIsStartedAndGatePassedOnTheOldPoolAndSucceededOnTheCandidate() {
        ImageDefinitionId image = world.definition("n-bg");
        world.pool("n-bg", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("n-bg-job", "n-bg", 2, Duration.ofMinutes(5));
        world.addVersion(image, "1.1.0");
        Reconciler engine = notifying("n-bg");

        passesUntil(engine, image, () -> world.find("n-bg").isEmpty() && world.find("n-bg-v1-1-0").isPresent()
                && phase("n-bg-v1-1-0") == RolloutPhase.STABLE);

        assertEquals(List.of("started n-bg", "gatePassed n-bg", "succeeded n-bg-v1-1-0"), told("n-bg"));
        Received succeeded = world.sim.eventGrid().events("n-bg").get(2);
        assertEquals("n-bg", succeeded.data().path("group").asText(), "the candidate names its group");
    }

    @Test
    void aFailedGateIsStartedThenFailedThenRolledBack() {
        ImageDefinitionId image = world.definition("n-broken");
        world.pool("n-broken", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        Reconciler engine = notifying("n-broken");

        passesUntil(engine, image, () -> stableOn("1.0.0").test(world.get("n-broken"))
                && world.state("n-broken").isRejected("1.1.0"));
        for (int i = 0; i < 3; i++) {
            engine.reconcileTracking(image);
        }

        assertEquals(List.of("started n-broken", "failed n-broken", "rolledBack n-broken"), told("n-broken"));
        Received failed = world.sim.eventGrid().events("n-broken").get(1);
        assertTrue(failed.data().path("reasons").get(0).asText().startsWith("roll back from 1.1.0 to 1.0.0"), failed.data().toString());
    }

    @Test
    void aBlueGreenCandidateThatFailsItsGateIsStartedThenFailedThenRolledBack() {
        ImageDefinitionId image = world.definition("n-bg-broken");
        world.pool("n-bg-broken", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        Reconciler engine = notifying("n-bg-broken");

        passesUntil(engine, image, () -> phase("n-bg-broken") == RolloutPhase.STABLE
                && world.state("n-bg-broken").isRejected("1.1.0"));

        assertEquals(List.of("started n-bg-broken", "failed n-bg-broken", "rolledBack n-bg-broken"), told("n-bg-broken"));
        assertEquals("ABORTING", world.sim.eventGrid().events("n-bg-broken").get(1).data().path("phase").asText());
    }

    @Test
    void aHaltedWaveTellsTheCanarysFailureAndTheOtherPoolsWaitThenHalt() {
        ImageDefinitionId image = world.definition("n-halt");
        world.pool("n-halt-canary", image, 1);
        world.pool("n-halt-other", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        Reconciler engine = notifying("n-halt");

        passesUntil(engine, image, () -> stableOn("1.0.0").test(world.get("n-halt-canary"))
                && world.state("n-halt-canary").isRejected("1.1.0"));
        for (int i = 0; i < 3; i++) {
            engine.reconcileTracking(image);
        }

        assertEquals(List.of("started n-halt-canary", "waiting n-halt-other", "failed n-halt-canary", "halted n-halt-other",
                "rolledBack n-halt-canary"), told("n-halt"));
        assertEquals(0, world.imageChanges("n-halt-other"));
    }

    @Test
    void twoConcurrentPassesTellEachTransitionOnce() {
        ImageDefinitionId image = world.definition("n-raced");
        world.pool("n-raced", image, 2);
        world.pool("n-raced-next", image, 3);
        world.addVersion(image, "1.1.0");
        String endpoint = world.sim.addTopic("n-raced");
        CyclicBarrier barrier = new CyclicBarrier(2);
        Reconciler first = world.engine(new ConcurrentAndCrashingPassesSimTest.ReadTogether(world.clients.pools(), barrier))
                .withNotifications(world.clients.notifications(endpoint));
        Reconciler second = world.engine(new ConcurrentAndCrashingPassesSimTest.ReadTogether(world.clients.pools(), barrier))
                .withNotifications(world.clients.notifications(endpoint));

        for (int pass = 0; pass < 200 && !stableOn("1.1.0").test(world.get("n-raced-next")); pass++) {
            CompletableFuture<PassReport> a = CompletableFuture.supplyAsync(() -> first.reconcileTracking(image));
            CompletableFuture<PassReport> b = CompletableFuture.supplyAsync(() -> second.reconcileTracking(image));
            a.join();
            b.join();
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertTrue(stableOn("1.1.0").test(world.get("n-raced-next")), String.join("\n", world.log));
        assertTrue(world.log.stream().anyMatch(line -> line.contains("changed since it was read")), "the passes did race");
        assertEquals(List.of("started n-raced", "waiting n-raced-next", "gatePassed n-raced", "succeeded n-raced",
                "started n-raced-next", "gatePassed n-raced-next", "succeeded n-raced-next"), told("n-raced"));
    }

    @Test
    void aTopicThatFailsChangesNoWriteOfTheRolloutAndItsEventsAreNotSentAgain() {
        ImageDefinitionId image = world.definition("n-fault");
        world.pool("n-fault", image, 2);
        world.addVersion(image, "1.1.0");
        Reconciler engine = notifying("n-fault");
        world.sim.faults().serverError("PublishCloudEventEvents", 1);

        passesUntil(engine, image, () -> stableOn("1.1.0").test(world.get("n-fault")));
        world.sim.faults().clear();

        assertEquals(List.of("gatePassed n-fault", "succeeded n-fault"), told("n-fault"), "started was lost, not queued");
        assertEquals(4, world.successfulWrites("n-fault"), "drain, image, restore, verified: as without notifications");
        assertEquals(1, world.imageChanges("n-fault"));
        assertTrue(world.log.stream().anyMatch(line -> line.contains("WARNING notifications: publishing 1 event(s) failed (500")),
                String.join("\n", world.log));
    }
}
