package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.port.BatchJobs.DisableTasks;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.testworld.BatchWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data plane adapter: where it sends each call (the account's endpoint), at which api-version, and the mapping. */
class BatchDataPlaneAdapterTest {
    static BatchWorld world;
    static BatchAccount account;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        BatchAccountId id = world.addAccount("dataplane", 400, 40);
        account = world.account(id);
        image = world.publish(world.ubuntu, "1.0.0");
        world.create(id, "workers", BatchWorld.spec(image.toString(), 2));
        world.advance(Duration.ofMinutes(5));
        world.azure.batch().addJob(id.toString(), "nightly", "workers");
        world.azure.batch().addTask(id.toString(), "nightly", "t1", Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static RequestLog.Entry last(String operation) {
        return world.azure.requests().entries().stream().filter(e -> e.operation().equals(operation)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + operation));
    }

    @Test
    void everyCallGoesToTheAccountEndpointAtTheDataPlaneApiVersion() {
        world.clients.nodes().nodeCounts(account, "workers");
        world.clients.nodes().nodes(account, "workers");
        world.clients.jobs().jobsOnPool(account, "workers");
        world.clients.jobs().taskCounts(account, "nightly");
        for (String operation : List.of("Account_ListPoolNodeCounts", "ComputeNode_List", "Job_List", "Job_GetTaskCounts")) {
            RequestLog.Entry entry = last(operation);
            assertTrue(entry.path().startsWith("/batch/dataplane.westeurope/"), entry.path());
            assertTrue(entry.query().contains("api-version=2024-07-01.20.0"), entry.query());
            assertEquals(200, entry.status());
        }
        assertTrue(last("Job_List").query().contains("executionInfo%2FpoolId%20eq%20%27workers%27"), last("Job_List").query());
    }

    @Test
    void nodeCountsAndNodesMapStatesDedicationImagesAndRunningTasks() {
        NodeCounts counts = world.clients.nodes().nodeCounts(account, "workers");
        assertEquals("workers", counts.poolId());
        assertEquals(1, counts.dedicated().idle());
        assertEquals(1, counts.dedicated().running());
        assertEquals(2, counts.dedicated().total());
        assertEquals(NodeCounts.StateCounts.NONE, counts.lowPriority());
        List<ComputeNode> nodes = world.clients.nodes().nodes(account, "workers");
        assertEquals(List.of(0, 1), nodes.stream().map(ComputeNode::runningTasksCount).sorted().toList());
        assertTrue(nodes.stream().allMatch(n -> n.dedicated() && image.toString().equals(n.imageReferenceId())));
    }

    /**
     * Batch names a gallery image in virtualMachineImageId, the id the pool named: a node of a pool that names its
     * definition reports the definition, never a version (no exactVersion for gallery images).
     */
    @Test
    void aNodeOfAPoolNamingItsDefinitionMapsToTheDefinitionNotAVersion() {
        BatchAccountId id = world.addAccount("dataplane-latest", 400, 40);
        BatchAccount latestAccount = world.account(id);
        world.create(id, "latest-workers", BatchWorld.spec(world.ubuntu.toString(), 2));
        world.advance(Duration.ofMinutes(5));
        List<ComputeNode> nodes = world.clients.nodes().nodes(latestAccount, "latest-workers");
        assertEquals(2, nodes.size());
        assertTrue(nodes.stream().allMatch(n -> world.ubuntu.toString().equals(n.imageReferenceId())),
                nodes.stream().map(ComputeNode::imageReferenceId).toList().toString());
    }

    @Test
    void jobMapsIdStatePoolAndEtagAndTheWritesChangeIt() {
        BatchJob job = world.clients.jobs().jobsOnPool(account, "workers").get(0);
        assertEquals("nightly", job.id());
        assertEquals("active", job.state());
        assertEquals("workers", job.poolId());
        world.clients.jobs().disable(account, "nightly", DisableTasks.TERMINATE);
        assertEquals(202, last("Job_Disable").status());
        world.advance(Duration.ofSeconds(15));
        world.clients.jobs().retarget(account, "nightly", "elsewhere");
        assertEquals(200, last("Job_Patch").status());
        world.clients.jobs().enable(account, "nightly");
        assertEquals(202, last("Job_Enable").status());
        BatchJob moved = world.clients.jobs().jobsOnPool(account, "elsewhere").get(0);
        assertEquals("enabling", moved.state());
        assertNotEquals(job.etag(), moved.etag());
    }

    @Test
    void theAccountsJobsAreListedAtAThousandAPageFollowingEveryPageAndGroupedByThePoolTheyRunOn() {
        String id = BatchAccountId.parse(account.id().toString()).toString();
        world.azure.batch().addJob(id, "weekly", "WORKERS");
        world.azure.batch().addJob(id, "elsewhere-a", "other");
        world.azure.batch().addJob(id, "elsewhere-b", "other");
        world.azure.batch().setMaxPageSize(2);
        try {
            world.azure.requests().clear();
            var byPool = world.clients.jobs().jobsOfAccount(account);

            List<RequestLog.Entry> lists = world.azure.requests().entries().stream()
                    .filter(e -> e.operation().equals("Job_List")).toList();
            assertEquals(2, lists.size(), "4 jobs in pages of at most 2 (the service's smaller page here)");
            assertTrue(lists.get(0).query().contains("maxresults=1000") && !lists.get(0).query().contains("filter"),
                    lists.get(0).query());
            assertEquals(List.of("nightly", "weekly"), byPool.get("workers").stream().map(BatchJob::id).sorted().toList(),
                    "pool ids ignore case, as the filtered list does");
            assertEquals(2, byPool.get("other").size());
        } finally {
            world.azure.batch().setMaxPageSize(1_000);
        }
    }
}
