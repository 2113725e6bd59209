package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.inplace.RefusalRules;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Azure refusing a rollout step for a reason retrying will not fix (the image version was deleted from the gallery):
 * the pool gets its capacity back instead of waiting at zero nodes for a step that cannot succeed.
 */
class RefusedStepSimTest extends RolloutWorldTest {

    private static Predicate<Pool> phase(String pool, RolloutPhase phase) {
        return p -> world.state(pool).phase() == phase;
    }

    private static int targetNodes(Pool pool) {
        return ((ScaleSettings.FixedScale) pool.scaleSettings()).totalNodes();
    }

    private static String decision(String pool) {
        return world.state(pool).lastDecision().orElseThrow();
    }

    @Test
    void aTargetDeletedWhileThePoolDrainsIsRefusedRejectedAndThePoolGetsItsCapacityBackOnThePreviousImage() {
        ImageDefinitionId image = world.definition("gone-target");
        world.pool("gone-target", image, 3);
        addTasks("gone-target-job", "gone-target", 6, Duration.ofMinutes(8));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        world.passUntil(image, "gone-target", phase("gone-target", RolloutPhase.DRAINING), 3);
        world.deleteVersion(image, "1.1.0");

        world.passUntil(image, "gone-target", p -> world.state("gone-target").refused().isPresent(), 60);
        assertEquals(1, world.refusedWrites("gone-target"), "the image change was refused once");
        assertEquals(0, targetNodes(world.get("gone-target")), "refused on the drained pool");
        int passes = world.passUntil(image, "gone-target", p -> targetNodes(p) == 3, 3);
        world.passUntil(image, "gone-target", p -> stableOn("1.0.0").test(p) && p.currentDedicatedNodes() == 3, 30);

        System.out.println("capacity asked back " + passes + " passes after the refusal was recorded");
        assertEquals(1, world.refusedWrites("gone-target"), "never asked again");
        assertEquals(0, world.imageChanges("gone-target"));
        assertTrue(world.state("gone-target").isRejected("1.1.0"));
        String why = decision("gone-target");
        assertTrue(why.startsWith("on 1.0.0; Azure refused the image change to 1.1.0 (400 InvalidPropertyValue")
                && why.contains("was not found"), why);
        world.sim.advance(Duration.ofMinutes(30));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(6, after.completed() - before.completed(), "every running task completed");
        assertEquals(0, after.killed() - before.killed());
        assertEquals(0, after.requeued() - before.requeued());

        world.addVersion(image, "1.2.0");
        world.passUntil(image, "gone-target", stableOn("1.2.0"), 120);
        assertEquals(3, world.get("gone-target").currentDedicatedNodes());
        assertEquals(Optional.empty(), world.state("gone-target").refused(), "the new rollout cleared the refusal");
    }

    @Test
    void aPreviousVersionDeletedDuringTheRollbackLeavesThePoolWithItsCapacityOnTheNewImageAndAtRest() {
        ImageDefinitionId image = world.definition("gone-previous");
        world.pool("gone-previous", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        world.passUntil(image, "gone-previous", phase("gone-previous", RolloutPhase.ROLLING_BACK), 120);
        world.deleteVersion(image, "1.0.0");

        world.passUntil(image, "gone-previous", p -> world.state("gone-previous").phase() == RolloutPhase.STABLE
                && "Steady".equals(p.allocationState()), 60);

        Pool pool = world.get("gone-previous");
        assertTrue(pool.imageReferenceId().endsWith("/versions/1.1.0"), pool.imageReferenceId());
        assertEquals(2, targetNodes(pool), "the saved capacity, on the only image Batch accepts");
        assertEquals(1, world.refusedWrites("gone-previous"));
        String why = decision("gone-previous");
        assertTrue(why.startsWith("rolled back capacity on 1.1.0 because Azure refused the image change to 1.0.0")
                && why.contains("An operator must act"), why);
        long writes = world.successfulWrites("gone-previous");
        for (int i = 0; i < 5; i++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, world.successfulWrites("gone-previous"), "resting: no further write");
        assertEquals(1, world.refusedWrites("gone-previous"), "and no further refused attempt");
        assertEquals(why, decision("gone-previous"), "the decision an operator acts on stays");
    }

    @Test
    void anAutoscaledPoolWhoseFormulaAzureRefusesAtTheRestoreGetsTheNodesItRanBackAsAFixedScale() {
        ImageDefinitionId image = world.definition("refused-formula");
        RolloutPolicy tracked = new RolloutPolicy(new ImageRef.Tracked(image), RolloutStrategy.IN_PLACE);
        world.clients.pools().create(world.poolId("refused-formula"), new PoolSpec("Standard_D2s_v3",
                image.version("1.0.0").toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.AutoScale("$TargetDedicatedNodes = 3;", Duration.ofMinutes(5)),
                Optional.of(new StartTask("/bin/true", false, true, 0)), new ArrayList<>(tracked.toMetadata())));
        world.sim.advance(Duration.ofMinutes(6));
        assertEquals(3, world.get("refused-formula").currentDedicatedNodes(), "the formula's three nodes");
        addTasks("refused-formula-job", "refused-formula", 6, Duration.ofMinutes(8));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        world.passUntil(image, "refused-formula", phase("refused-formula", RolloutPhase.DRAINING), 3);
        // Between the drain and the restore, the formula stops validating.
        world.sim.batch().refuseFormulasContaining("$TargetDedicatedNodes = ");
        try {
            world.passUntil(image, "refused-formula", p -> stableOn("1.1.0").test(p) && p.currentDedicatedNodes() == 3, 120);
        } finally {
            world.sim.batch().acceptFormulasContaining("$TargetDedicatedNodes = ");
        }

        Pool pool = world.get("refused-formula");
        assertEquals(new ScaleSettings.FixedScale(3, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                pool.scaleSettings(), "the three nodes it ran before the drain, as a fixed scale");
        assertEquals(RefusalRules.RESTORE_ATTEMPTS, world.refusedWrites("refused-formula"), "the formula asked for 3 times");
        String why = decision("refused-formula");
        assertTrue(why.startsWith("on 1.1.0, capacity restored as fixed 3/0") && why.contains("400 AutoScalingFormulaSyntaxError")
                && why.contains("fix the formula and set it on the pool again") && why.contains("health gate passed"), why);
        long writes = world.successfulWrites("refused-formula");
        for (int i = 0; i < 5; i++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, world.successfulWrites("refused-formula"), "resting: the formula is not set again");
        assertEquals(why, decision("refused-formula"), "the decision an operator acts on stays");
        world.sim.advance(Duration.ofMinutes(30));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(6, after.completed() - before.completed(), "every task completed");
        assertEquals(0, after.killed() - before.killed());
        assertEquals(0, after.requeued() - before.requeued());
    }

    @Test
    void aBlueGreenCandidateRefusedByAzureRejectsTheVersionAndLeavesThePoolUntouched() {
        ImageDefinitionId image = world.definition("gone-bg");
        world.pool("gone-bg", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        world.passUntil(image, "gone-bg", phase("gone-bg", RolloutPhase.CREATING_CANDIDATE), 3);
        world.deleteVersion(image, "1.1.0");

        world.passUntil(image, "gone-bg", p -> world.state("gone-bg").phase() == RolloutPhase.STABLE, 5);

        List<String> pools = world.clients.pools().list(world.account).stream().map(p -> p.id().poolName())
                .filter(name -> name.startsWith("gone-bg")).toList();
        assertEquals(List.of("gone-bg"), pools, "no candidate");
        assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.status() == 400));
        Pool pool = world.get("gone-bg");
        assertTrue(pool.imageReferenceId().endsWith("/versions/1.0.0"));
        assertEquals(2, targetNodes(pool));
        assertEquals(2, pool.currentDedicatedNodes());
        assertTrue(world.state("gone-bg").isRejected("1.1.0"));
        assertTrue(decision("gone-bg").contains("Azure refused the creation of the candidate on 1.1.0 (400 InvalidPropertyValue"),
                decision("gone-bg"));
    }

    @Test
    void aServerErrorOnTheImageChangeIsNotARefusalAndTheNextPassSucceeds() {
        ImageDefinitionId image = world.definition("flaky-image");
        world.pool("flaky-image", image, 2);
        world.addVersion(image, "1.1.0");
        world.passUntil(image, "flaky-image", phase("flaky-image", RolloutPhase.DRAINING), 3);
        for (int minute = 0; minute < 30 && !world.get("flaky-image").isSteadyAndEmpty(); minute++) {
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertTrue(world.get("flaky-image").isSteadyAndEmpty() && world.get("flaky-image").imageReferenceId()
                .endsWith("/versions/1.0.0"), "drained, image not changed yet");
        long failed = world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 500);
        try {
            world.sim.faults().serverError("Pool_Update", 4);
            world.engine().reconcileTracking(image);
        } finally {
            world.sim.faults().clear();
        }
        assertEquals(4, world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 500) - failed,
                "the pipeline's retries all failed");
        assertEquals(Optional.empty(), world.state("flaky-image").refused());
        assertEquals(RolloutPhase.DRAINING, world.state("flaky-image").phase());

        world.engine().reconcileTracking(image);
        assertTrue(world.get("flaky-image").imageReferenceId().endsWith("/versions/1.1.0"), "the next pass changed it");
        world.passUntil(image, "flaky-image", stableOn("1.1.0"), 60);
        assertEquals(2, world.get("flaky-image").currentDedicatedNodes());
    }
}
