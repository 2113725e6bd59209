package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.port.AzureCallException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pools grow over simulated time: nodes come in batches, start, run their start task and end idle (or not). */
class PoolAllocationTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static BatchAccount account;
    static ImageVersionId good;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("allocation", 10_000, 100);
        account = world.account(accountId);
        good = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static NodeCounts.StateCounts dedicated(String pool) {
        return world.clients.nodes().nodeCounts(account, pool).dedicated();
    }

    private static PoolSpec withoutStartTask(PoolSpec spec) {
        return new PoolSpec(spec.vmSize(), spec.imageReferenceId(), spec.nodeAgentSkuId(), spec.scaleSettings(), Optional.empty(), spec.metadata());
    }

    @Test
    void poolResizesOverSimulatedTimeToSteadyWithTheTargetNodesIdle() {
        world.create(accountId, "grow", BatchWorld.spec(good.toString(), 3));
        world.advance(Duration.ofSeconds(30));
        assertEquals("Resizing", world.pool(accountId.pool("grow")).allocationState());
        assertEquals(0, dedicated("grow").total());
        world.advance(Duration.ofSeconds(45));
        assertEquals(3, dedicated("grow").creating());
        world.advance(Duration.ofMinutes(2));
        assertEquals(3, dedicated("grow").waitingForStartTask());
        world.advance(Duration.ofMinutes(2));
        Pool pool = world.pool(accountId.pool("grow"));
        assertEquals("Steady", pool.allocationState());
        assertEquals(3, pool.currentDedicatedNodes());
        assertTrue(pool.resizeErrors().isEmpty());
        NodeCounts.StateCounts counts = dedicated("grow");
        assertEquals(3, counts.idle());
        assertEquals(3, counts.total());
        List<ComputeNode> nodes = world.clients.nodes().nodes(account, "grow");
        assertEquals(3, nodes.size());
        assertTrue(nodes.stream().allMatch(n -> n.dedicated() && "idle".equals(n.state()) && good.toString().equals(n.imageReferenceId())));
    }

    @Test
    void brokenImageVersionLeavesNodesStartTaskFailed() {
        ImageVersionId broken = world.publish(world.ubuntu, "9.9.1");
        world.gallery.markBroken(broken.toString());
        world.create(accountId, "broken", BatchWorld.spec(broken.toString(), 4));
        world.advance(Duration.ofMinutes(6));
        NodeCounts.StateCounts counts = dedicated("broken");
        assertEquals(4, counts.startTaskFailed());
        assertEquals(0, counts.idle());
        assertEquals("Steady", world.pool(accountId.pool("broken")).allocationState());
    }

    @Test
    void brokenImageVersionWithoutAStartTaskLeavesNodesUnusable() {
        ImageVersionId broken = world.publish(world.ubuntu, "9.9.2");
        world.gallery.markBroken(broken.toString());
        world.create(accountId, "unusable", withoutStartTask(BatchWorld.spec(broken.toString(), 2)));
        world.advance(Duration.ofMinutes(6));
        assertEquals(2, dedicated("unusable").unusable());
    }

    @Test
    void allocationOutlastingTheResizeTimeoutEndsSteadyWithAnAllocationTimedoutError() {
        world.create(accountId, "huge", new PoolSpec("Standard_D2s_v3", good.toString(), BatchWorld.LINUX_AGENT,
                BatchWorld.fixed(1000, Duration.ofMinutes(5), ScaleSettings.NodeDeallocationOption.REQUEUE), Optional.empty(), List.of()));
        world.advance(Duration.ofMinutes(4));
        assertEquals("Resizing", world.pool(accountId.pool("huge")).allocationState());
        assertTrue(world.pool(accountId.pool("huge")).resizeErrors().isEmpty(), "errors show only once Steady");
        world.advance(Duration.ofMinutes(2));
        Pool pool = world.pool(accountId.pool("huge"));
        assertEquals("Steady", pool.allocationState());
        assertEquals(450, pool.currentDedicatedNodes());
        assertEquals(List.of("AllocationTimedout"), pool.resizeErrors().stream().map(Pool.ResizeError::code).toList());
        assertEquals(1000, ((ScaleSettings.FixedScale) pool.scaleSettings()).targetDedicatedNodes());
    }

    @Test
    void resizeBeyondTheFamilyCoreQuotaAllocatesWhatFitsAndReportsAccountCoreQuotaReached() {
        BatchAccountId small = world.addAccount("smallcores", 1000, 0);
        world.azure.batch().setFamilyCoreQuota(small.toString(), "standardDSv3Family", 10);
        world.create(small, "capped", BatchWorld.spec(good.toString(), 8));
        world.advance(Duration.ofMinutes(2));
        Pool pool = world.pool(small.pool("capped"));
        assertEquals("Steady", pool.allocationState());
        assertEquals(5, pool.currentDedicatedNodes());
        assertEquals("AccountCoreQuotaReached", pool.resizeErrors().get(0).code());
    }

    @Test
    void aResizeToOtherTargetsWhileResizingIsAConflict() {
        Pool pool = world.create(accountId, "twice", BatchWorld.spec(good.toString(), 2));
        AzureCallException.Conflict conflict = assertThrows(AzureCallException.Conflict.class, () -> world.clients.pools()
                .update(pool.id(), PoolUpdate.scale(BatchWorld.fixed(5, Duration.ofMinutes(15),
                        ScaleSettings.NodeDeallocationOption.REQUEUE)), pool.etag()));
        assertEquals("PoolBeingResized", conflict.code());
    }

    @Test
    void trivialAutoscaleFormulaSetsTheTargetsAndAnyOtherKeepsThem() {
        Pool pool = world.create(accountId, "auto", BatchWorld.spec(good.toString(), 0));
        Pool auto = world.clients.pools().update(pool.id(), PoolUpdate.scale(new ScaleSettings.AutoScale(
                "$TargetDedicatedNodes=2; $TargetLowPriorityNodes=1;", Duration.ofMinutes(5))), pool.etag());
        assertEquals(new ScaleSettings.AutoScale("$TargetDedicatedNodes=2; $TargetLowPriorityNodes=1;", Duration.ofMinutes(5)),
                auto.scaleSettings());
        world.advance(Duration.ofMinutes(6));
        Pool grown = world.pool(pool.id());
        assertEquals(2, grown.currentDedicatedNodes());
        assertEquals(1, grown.currentLowPriorityNodes());
        world.clients.pools().update(pool.id(), PoolUpdate.scale(new ScaleSettings.AutoScale(
                "$TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1));", Duration.ofMinutes(5))), grown.etag());
        world.advance(Duration.ofMinutes(6));
        assertEquals(2, world.pool(pool.id()).currentDedicatedNodes());
    }

    @Test
    void poolOnAnImageDefinitionBuildsNodesFromTheLatestReplicatedVersion() {
        var definition = world.galleryId.image("tracking");
        world.gallery.definition(definition.toString(), "Linux", "Generalized");
        world.publish(definition, "1.0.0");
        ImageVersionId newest = world.publish(definition, "1.10.0");
        world.gallery.version(definition.version("2.0.0").toString(), "westeurope", "Replicating");
        // Batch reports the definition for such a node, not the version: which version it got shows in its start task.
        world.gallery.markBroken(newest.toString());
        world.create(accountId, "latest", BatchWorld.spec(definition.toString(), 1));
        world.advance(Duration.ofMinutes(5));
        List<ComputeNode> nodes = world.clients.nodes().nodes(account, "latest");
        assertEquals(List.of(definition.toString()), nodes.stream().map(ComputeNode::imageReferenceId).toList());
        assertEquals(List.of("starttaskfailed"), nodes.stream().map(n -> n.state().toLowerCase(java.util.Locale.ROOT)).toList(),
                "built from 1.10.0 (broken), not 1.0.0 nor the replicating 2.0.0");
    }

    @Test
    void nodeCountsOfAPoolWithoutNodesAreAllZero() {
        world.create(accountId, "idle-empty", BatchWorld.spec(good.toString(), 0));
        assertEquals(NodeCounts.StateCounts.NONE, dedicated("idle-empty"));
        assertEquals(NodeCounts.StateCounts.NONE, dedicated("no-such-pool"));
    }

    @Test
    void nodesOfAnUnknownPoolAreNotFound() {
        AzureCallException.NotFound notFound = assertThrows(AzureCallException.NotFound.class,
                () -> world.clients.nodes().nodes(account, "no-such-pool"));
        assertEquals("PoolNotFound", notFound.code());
    }
}
