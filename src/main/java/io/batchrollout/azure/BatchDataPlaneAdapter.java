package io.batchrollout.azure;

import com.azure.core.http.HttpPipeline;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nodes and jobs on a Batch account's data plane, over REST ({@link BatchRestCalls}). Ids in paths are the data
 * plane's ids (pool name, job id); the account endpoint comes from the management plane's accountEndpoint.
 */
final class BatchDataPlaneAdapter implements BatchNodes, BatchJobs {
    /** Job_List's documented maximum (and default) page size. */
    static final int MAX_JOBS_PER_PAGE = 1_000;

    private final BatchRestCalls rest;

    BatchDataPlaneAdapter(HttpPipeline pipeline) {
        this.rest = new BatchRestCalls(pipeline);
    }

    @Override
    public NodeCounts nodeCounts(BatchAccount account, String poolId) {
        List<Map<String, Object>> pools = rest.list(account, "/nodecounts", "poolId eq " + BatchRestCalls.literal(poolId),
                "read node counts of pool " + poolId);
        return pools.stream().filter(p -> poolId.equalsIgnoreCase(text(p, "poolId"))).findFirst()
                .map(p -> new NodeCounts(poolId, stateCounts(p.get("dedicated")), stateCounts(p.get("lowPriority"))))
                .orElse(new NodeCounts(poolId, NodeCounts.StateCounts.NONE, NodeCounts.StateCounts.NONE));
    }

    @Override
    public Map<String, NodeCounts> nodeCountsOfAccount(BatchAccount account) {
        Map<String, NodeCounts> byPool = new java.util.HashMap<>();
        for (Map<String, Object> p : rest.list(account, "/nodecounts", null, "read node counts of every pool")) {
            String poolId = text(p, "poolId");
            if (poolId != null) {
                byPool.put(poolId.toLowerCase(Locale.ROOT), new NodeCounts(poolId, stateCounts(p.get("dedicated")),
                        stateCounts(p.get("lowPriority"))));
            }
        }
        return byPool;
    }

    @Override
    public List<ComputeNode> nodes(BatchAccount account, String poolId) {
        return rest.list(account, "/pools/" + BatchRestCalls.segment(poolId) + "/nodes", null, "list nodes of pool " + poolId)
                .stream().map(BatchDataPlaneAdapter::node).toList();
    }

    @Override
    public List<BatchJob> jobsOnPool(BatchAccount account, String poolId) {
        return rest.list(account, "/jobs", "executionInfo/poolId eq " + BatchRestCalls.literal(poolId), "list jobs on pool " + poolId)
                .stream().map(BatchDataPlaneAdapter::job).toList();
    }

    @Override
    public Map<String, List<BatchJob>> jobsOfAccount(BatchAccount account) {
        Map<String, List<BatchJob>> byPool = new java.util.HashMap<>();
        for (Map<String, Object> job : rest.list(account, "/jobs", MAX_JOBS_PER_PAGE, "list the jobs of the account")) {
            // Grouped as the filtered list matches (executionInfo/poolId): a job with no such pool is on none.
            Object execution = job.get("executionInfo");
            Object poolId = execution instanceof Map<?, ?> info ? info.get("poolId") : null;
            if (poolId instanceof String id) {
                byPool.computeIfAbsent(id.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(job(job));
            }
        }
        return byPool;
    }

    @Override
    public TaskCounts taskCounts(BatchAccount account, String jobId) {
        Map<String, Object> body = rest.get(account, jobPath(jobId) + "/taskcounts", "read task counts of job " + jobId);
        Map<String, Object> counts = body.get("taskCounts") == null ? Map.of() : BatchRestCalls.asMap(body.get("taskCounts"));
        return new TaskCounts(number(counts, "active"), number(counts, "running"), number(counts, "completed"),
                number(counts, "succeeded"), number(counts, "failed"));
    }

    @Override
    public void disable(BatchAccount account, String jobId, DisableTasks disableTasks, String ifMatch) {
        rest.post(account, jobPath(jobId) + "/disable", Map.of("disableTasks", disableTasks.name().toLowerCase(Locale.ROOT)),
                ifMatch, "disable job " + jobId);
    }

    @Override
    public void retarget(BatchAccount account, String jobId, String newPoolId, String ifMatch) {
        rest.patch(account, jobPath(jobId), Map.of("poolInfo", Map.of("poolId", newPoolId)), ifMatch, "move job " + jobId + " to pool " + newPoolId);
    }

    @Override
    public void enable(BatchAccount account, String jobId, String ifMatch) {
        rest.post(account, jobPath(jobId) + "/enable", null, ifMatch, "enable job " + jobId);
    }

    private static String jobPath(String jobId) {
        return "/jobs/" + BatchRestCalls.segment(jobId);
    }

    private static BatchJob job(Map<String, Object> job) {
        Object poolInfo = job.get("poolInfo");
        String poolId = poolInfo instanceof Map<?, ?> info ? (String) info.get("poolId") : null;
        return new BatchJob(text(job, "id"), text(job, "state"), poolId, text(job, "eTag"));
    }

    /**
     * The data plane (2024-07-01.20.0, {@code VirtualMachineInfo.imageReference}) names a gallery image in
     * {@code virtualMachineImageId}: the id the pool named when the node was built, so a node of a pool that names its
     * image definition reports the definition, not the version it runs. {@code exactVersion} is documented (read-only)
     * for platform and Marketplace images only and is never read for a gallery image: the rollout never learns a
     * definition node's version from here (see {@code RollbackTarget}).
     */
    private static ComputeNode node(Map<String, Object> node) {
        String imageId = null;
        if (node.get("virtualMachineInfo") instanceof Map<?, ?> vm && vm.get("imageReference") instanceof Map<?, ?> image
                && image.get("virtualMachineImageId") instanceof String id && !id.isBlank()) {
            imageId = id;
        }
        return new ComputeNode(text(node, "id"), text(node, "state"), Boolean.TRUE.equals(node.get("isDedicated")),
                imageId, number(node, "runningTasksCount"));
    }

    private static NodeCounts.StateCounts stateCounts(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            return NodeCounts.StateCounts.NONE;
        }
        Map<String, Object> c = BatchRestCalls.asMap(value);
        return new NodeCounts.StateCounts(number(c, "creating"), number(c, "idle"), number(c, "offline"),
                number(c, "preempted"), number(c, "rebooting"), number(c, "reimaging"), number(c, "running"),
                number(c, "starting"), number(c, "startTaskFailed"), number(c, "leavingPool"), number(c, "unknown"),
                number(c, "unusable"), number(c, "waitingForStartTask"), number(c, "upgradingOS"), number(c, "total"),
                number(c, "deallocated"), number(c, "deallocating"));
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static int number(Map<String, Object> map, String key) {
        return map.get(key) instanceof Number n ? n.intValue() : 0;
    }
}
