package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders data plane entities as the Batch service does at api-version 2024-07-01.20.0 (odata fields). A node's
 * {@code state} is the lower-case ComputeNodeState ("waitingforstarttask", "starttaskfailed", "leavingpool"...), while
 * {@code /nodecounts} names the same states as camelCase keys (AccountListPoolNodeCounts example); the simulator keeps
 * the camelCase form internally. A node's {@code startTask} is the pool's, in the data plane's enum casing.
 */
final class DataPlaneJson {
    /** The keys of one side of a pool's node counts, in the order of the 2024-07-01.20.0 example. */
    static final List<String> NODE_STATES = List.of("creating", "deallocated", "deallocating", "idle", "leavingPool",
            "offline", "preempted", "rebooting", "reimaging", "running", "starting", "startTaskFailed", "unknown", "unusable",
            "waitingForStartTask", "upgradingOS");

    private DataPlaneJson() {
    }

    static ObjectNode job(SimJob job, String base, boolean withMetadata) {
        ObjectNode node = BatchJson.object();
        if (withMetadata) {
            node.put("odata.metadata", base + "/$metadata#jobs/@Element");
        }
        node.put("id", job.id).put("url", base + "/jobs/" + job.id).put("eTag", job.etag);
        BatchJson.putTime(node, "lastModified", job.lastModified);
        BatchJson.putTime(node, "creationTime", job.creationTime);
        node.put("state", job.state);
        BatchJson.putTime(node, "stateTransitionTime", job.stateTransitionTime);
        if (job.previousState != null) {
            node.put("previousState", job.previousState);
            BatchJson.putTime(node, "previousStateTransitionTime", job.previousStateTransitionTime);
        }
        node.put("priority", 0).put("maxParallelTasks", -1).put("allowTaskPreemption", false)
                .put("usesTaskDependencies", false);
        node.putObject("constraints").put("maxWallClockTime", "P10675199DT2H48M5.4775807S").put("maxTaskRetryCount", 0);
        node.putObject("poolInfo").put("poolId", job.poolId);
        ObjectNode execution = node.putObject("executionInfo");
        BatchJson.putTime(execution, "startTime", job.creationTime);
        execution.put("poolId", job.poolId);
        node.put("onAllTasksComplete", "noaction").put("onTaskFailure", "noaction");
        return node;
    }

    static ObjectNode computeNode(SimNode n, String base) {
        ObjectNode node = BatchJson.object();
        node.put("id", n.id).put("url", base + "/pools/" + n.pool.name + "/nodes/" + n.id).put("state", wireState(n.state))
                .put("schedulingState", "enabled");
        BatchJson.putTime(node, "stateTransitionTime", n.stateTransitionTime);
        BatchJson.putTime(node, "allocationTime", n.allocationTime);
        if (!"creating".equals(n.state)) {
            BatchJson.putTime(node, "lastBootTime", n.allocationTime.plus(Timings.CREATING));
        }
        node.put("ipAddress", "10.0." + (Math.abs(n.id.hashCode()) % 250) + "." + (Math.abs(n.id.hashCode() / 250) % 250 + 4))
                .put("affinityId", "TVM:" + n.id).put("vmSize", n.pool.vmSize.name().toLowerCase())
                .put("totalTasksRun", n.totalTasksRun).put("totalTasksSucceeded", n.totalTasksSucceeded)
                .put("runningTasksCount", n.runningTasks.size()).put("runningTaskSlotsCount", n.runningTasks.size())
                .put("isDedicated", n.dedicated);
        if (n.pool.startTask != null) {
            node.set("startTask", dataPlaneStartTask(n.pool.startTask));
        }
        if (n.startTaskState != null) {
            ObjectNode info = node.putObject("startTaskInfo").put("state", n.startTaskState);
            BatchJson.putTime(info, "startTime", n.startTaskStart);
            BatchJson.putTime(info, "endTime", n.startTaskEnd);
            info.put("retryCount", 0);
            if ("completed".equals(n.startTaskState)) {
                info.put("exitCode", n.broken ? 1 : 0).put("result", n.broken ? "failure" : "success");
                if (n.broken) {
                    info.putObject("failureInfo").put("category", "usererror").put("code", "FailureExitCode")
                            .put("message", "The task exited with an exit code representing a failure");
                }
            }
        }
        // BatchService.json 2024-07-01.20.0, ImageReference: a gallery image is virtualMachineImageId, the id the pool
        // named (a definition stays a definition); exactVersion is for platform/Marketplace images only.
        ObjectNode image = node.putObject("virtualMachineInfo").putObject("imageReference");
        if (n.imageReferenceId != null) {
            image.put("virtualMachineImageId", n.imageReferenceId);
        } else {
            image.put("publisher", n.pool.image.publisher()).put("offer", n.pool.image.offer())
                    .put("sku", n.pool.image.sku()).put("version", n.pool.image.version());
        }
        // BatchNodeAgentInfo requires both version and lastUpdateTime (the agent is current from allocation on).
        BatchJson.putTime(node.putObject("nodeAgentInfo").put("version", "1.11.0.0"), "lastUpdateTime", n.allocationTime);
        return node;
    }

    /** ComputeNodeState as the node list spells it: lower case. */
    static String wireState(String state) {
        return state.toLowerCase(Locale.ROOT);
    }

    /**
     * The management plane spells the start task's enums in PascalCase (scope Task, elevationLevel NonAdmin,
     * workingDirectory TaskWorkingDirectory, bind mount source VfsMounts); the data plane in lower case (task, nonadmin)
     * or camelCase (taskWorkingDirectory, vfsMounts), as in the NodeGet example. Field names are the same in both.
     */
    static ObjectNode dataPlaneStartTask(ObjectNode armStartTask) {
        ObjectNode task = armStartTask.deepCopy();
        JsonNode autoUser = task.path("userIdentity").path("autoUser");
        if (autoUser instanceof ObjectNode user) {
            for (String field : List.of("scope", "elevationLevel")) {
                if (user.path(field).isTextual()) {
                    user.put(field, user.get(field).asText().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (task.path("containerSettings") instanceof ObjectNode container) {
            camel(container, "workingDirectory");
            for (JsonNode mount : container.path("containerHostBatchBindMounts")) {
                if (mount instanceof ObjectNode m) {
                    camel(m, "source");
                }
            }
        }
        return task;
    }

    private static void camel(ObjectNode node, String field) {
        String value = node.path(field).asText("");
        if (!value.isEmpty()) {
            node.put(field, Character.toLowerCase(value.charAt(0)) + value.substring(1));
        }
    }

    static ObjectNode nodeCounts(SimPool pool) {
        ObjectNode counts = BatchJson.object().put("poolId", pool.name);
        counts.set("dedicated", countByState(pool, true));
        counts.set("lowPriority", countByState(pool, false));
        return counts;
    }

    private static ObjectNode countByState(SimPool pool, boolean dedicated) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        NODE_STATES.forEach(s -> counts.put(s, 0));
        int total = 0;
        for (SimNode n : pool.nodes) {
            if (n.dedicated == dedicated) {
                counts.merge(n.state, 1, Integer::sum);
                total++;
            }
        }
        ObjectNode node = BatchJson.object();
        counts.forEach(node::put);
        node.put("total", total);
        return node;
    }

    static ObjectNode taskCounts(SimJob job, String base) {
        ObjectNode body = BatchJson.object().put("odata.metadata", base + "/$metadata#taskcountsresult/@Element");
        long failed = job.tasks().stream().filter(t -> "completed".equals(t.state) && "failure".equals(t.result)).count();
        long completed = job.count("completed");
        for (String field : List.of("taskCounts", "taskSlotCounts")) {
            body.putObject(field).put("active", job.count("active")).put("running", job.count("running"))
                    .put("completed", completed).put("succeeded", completed - failed).put("failed", failed);
        }
        return body;
    }

    static String httpDate(Instant time) {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atOffset(java.time.ZoneOffset.UTC));
    }
}
