package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.port.BatchJobs.DisableTasks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's Batch data plane examples served to the app's data plane adapter, at the account endpoint the account
 * example names (pointed at the stub). The node-count, job and node examples are 2024-02-01.19.0 and 2025-06-01.21.0:
 * the index holds only Jobs_DisableJob of 2024-07-01.20.0 (see SOURCES.md).
 */
class BatchDataPlaneExamplesParseTest {
    static ExampleStub stub;
    static AzureClients clients;
    static BatchAccount account;

    @BeforeAll
    static void start() {
        stub = new ExampleStub();
        clients = stub.clients();
        String accountPath = "/subscriptions/" + Examples.SUBSCRIPTION
                + "/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct";
        stub.on("GET", accountPath, 200, Examples.served("batch-management/BatchAccountGet.json", 200,
                Map.of("sampleacct.japaneast.batch.azure.com", stub.authority())));
        account = clients.pools().account(BatchAccountId.parse(accountPath));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void nodeCountsReadEveryStateOfThePoolAskedFor() {
        stub.on("GET", "/nodecounts", 200, Examples.served("batch-dataplane/AccountListPoolNodeCounts.json", 200, Map.of()));

        NodeCounts counts = clients.nodes().nodeCounts(account, "pool3");

        assertEquals("pool3", counts.poolId());
        assertEquals(5, counts.dedicated().idle());
        assertEquals(4, counts.dedicated().reimaging());
        assertEquals(9, counts.dedicated().total());
        assertEquals(7, counts.lowPriority().creating());
        assertEquals(4, counts.lowPriority().running());
        assertEquals(11, counts.lowPriority().total());
        assertTrue(stub.received().stream().anyMatch(r -> r.path().equals("/nodecounts") && r.query().contains("api-version=2024-07-01.20.0")));
    }

    @Test
    void theJobListReadsIdStatePoolAndEtag() {
        stub.on("GET", "/jobs", 200, Examples.served("batch-dataplane/JobList.json", 200, Map.of()));

        List<BatchJob> jobs = clients.jobs().jobsOnPool(account, "poolId");

        assertEquals(List.of(new BatchJob("jobId", "active", "poolId", "0x8D4100FC46D5BF4")), jobs);
    }

    @Test
    void disablePatchAndEnableAreEachOneCallTheExamplesStatusesAccept() {
        stub.on("POST", "/jobs/jobId/disable", 202, null);
        stub.on("PATCH", "/jobs/jobId", 200, null);
        stub.on("POST", "/jobs/jobId/enable", 202, null);

        clients.jobs().disable(account, "jobId", DisableTasks.TERMINATE);
        clients.jobs().retarget(account, "jobId", "poolId");
        clients.jobs().enable(account, "jobId");

        assertEquals(1, stub.count("POST", "/jobs/jobId/disable"));
        assertEquals(1, stub.count("PATCH", "/jobs/jobId"));
        assertEquals(1, stub.count("POST", "/jobs/jobId/enable"));
        JobBodies bodies = new JobBodies(stub.received());
        assertEquals(Examples.parameter("batch-dataplane/Jobs_DisableJob.json", "content"), bodies.of("POST", "/jobs/jobId/disable"));
        assertEquals(Examples.parameter("batch-dataplane/JobPatch.json", "job").get("poolInfo"), bodies.of("PATCH", "/jobs/jobId").get("poolInfo"));
    }

    @Test
    void theNodeListReadsIdsStatesDedicationAndRunningTasks() {
        stub.on("GET", "/pools/poolId/nodes", 200, Examples.served("batch-dataplane/Nodes_ListNodes.json", 200, Map.of()));

        List<ComputeNode> nodes = clients.nodes().nodes(account, "poolId");

        assertEquals(List.of("tvm-1695681911_1-20161122t193202z", "tvm-1695681911_2-20161122t193202z", "tvm-1695681911_3-20161122t193202z"),
                nodes.stream().map(ComputeNode::id).toList());
        assertTrue(nodes.stream().allMatch(n -> n.state().equals("idle") && n.dedicated() && n.runningTasksCount() == 0));
    }

    /** The JSON bodies the stub received, by method and path. */
    private record JobBodies(List<ExampleStub.Received> received) {
        com.fasterxml.jackson.databind.JsonNode of(String method, String path) {
            String body = received.stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                    .reduce((a, b) -> b).orElseThrow().body();
            try {
                return Examples.JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError(method + " " + path + " sent a body that is not JSON: " + body, e);
            }
        }
    }
}
