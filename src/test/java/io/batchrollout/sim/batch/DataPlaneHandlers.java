package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimErrorWithValues;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Batch data plane under {authority}/batch/{account}.{region}: node counts, nodes, jobs (list, get, disable,
 * enable, patch of poolInfo) and task counts. Errors are SimExceptions: the front door renders them in the data
 * plane's OData shape. Operation names are the data plane spec's operationIds.
 */
final class DataPlaneHandlers {
    private static final String ROOT = "/batch/{endpoint}";
    private static final Pattern API_VERSION = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.\\d+$");
    private static final Set<String> DISABLE_TASKS = Set.of("requeue", "terminate", "wait");
    private static final String CONTENT_TYPE = "application/json;odata=minimalmetadata";

    private final SimState state;
    private final BatchStore store;
    private final TaskEngine tasks;
    private final BatchClockwork clockwork;
    private final Supplier<String> authority;

    DataPlaneHandlers(SimState state, BatchStore store, TaskEngine tasks, BatchClockwork clockwork, Supplier<String> authority) {
        this.state = state;
        this.store = store;
        this.tasks = tasks;
        this.clockwork = clockwork;
        this.authority = authority;
    }

    void register(Router router) {
        router.add("GET", ROOT + "/nodecounts", "Account_ListPoolNodeCounts", this::nodeCounts);
        router.add("GET", ROOT + "/pools/{poolId}/nodes", "ComputeNode_List", this::nodes);
        router.add("GET", ROOT + "/jobs", "Job_List", this::jobs);
        router.add("GET", ROOT + "/jobs/{jobId}", "Job_Get", this::job);
        router.add("PATCH", ROOT + "/jobs/{jobId}", "Job_Patch", this::patchJob);
        router.add("POST", ROOT + "/jobs/{jobId}/disable", "Job_Disable", this::disable);
        router.add("POST", ROOT + "/jobs/{jobId}/enable", "Job_Enable", this::enable);
        router.add("GET", ROOT + "/jobs/{jobId}/taskcounts", "Job_GetTaskCounts", this::taskCounts);
    }

    static List<String> operations() {
        return List.of("Account_ListPoolNodeCounts", "ComputeNode_List", "Job_List", "Job_Get", "Job_Patch",
                "Job_Disable", "Job_Enable", "Job_GetTaskCounts");
    }

    private SimResponse nodeCounts(SimRequest request) {
        Optional<ODataFilter> filter = filter(request, BatchFilters.NODE_COUNTS);
        return state.read(() -> {
            SimAccount account = account(request);
            List<SimPool> pools = account.pools().stream()
                    .filter(p -> filter.isEmpty() || filter.get().test(DataPlaneJson.nodeCounts(p))).toList();
            return list(request, account, pools, p -> p.name, p -> DataPlaneJson.nodeCounts(p), "poolnodecounts");
        });
    }

    private SimResponse nodes(SimRequest request) {
        Optional<ODataFilter> filter = filter(request, BatchFilters.NODES);
        return state.read(() -> {
            SimAccount account = account(request);
            SimPool pool = account.pool(request.param("poolId"))
                    .orElseThrow(() -> new SimException(404, "PoolNotFound", "The specified pool does not exist."));
            String base = base(account);
            List<SimNode> nodes = pool.nodes.stream()
                    .filter(n -> filter.isEmpty() || filter.get().test(DataPlaneJson.computeNode(n, base))).toList();
            return list(request, account, nodes, n -> n.id, n -> DataPlaneJson.computeNode(n, base), "nodes");
        });
    }

    private SimResponse jobs(SimRequest request) {
        Optional<ODataFilter> filter = filter(request, BatchFilters.JOBS);
        return state.read(() -> {
            SimAccount account = account(request);
            String base = base(account);
            List<SimJob> jobs = account.jobs().stream()
                    .filter(j -> filter.isEmpty() || filter.get().test(DataPlaneJson.job(j, base, false))).toList();
            return list(request, account, jobs, j -> j.id, j -> DataPlaneJson.job(j, base, false), "jobs");
        });
    }

    private SimResponse job(SimRequest request) {
        return state.read(() -> {
            SimAccount account = account(request);
            SimJob job = job(account, request);
            return withJobHeaders(SimResponse.ok(DataPlaneJson.job(job, base(account), true)), job, account);
        });
    }

    private SimResponse taskCounts(SimRequest request) {
        return state.read(() -> {
            SimAccount account = account(request);
            return json(SimResponse.ok(DataPlaneJson.taskCounts(job(account, request), base(account))));
        });
    }

    /** Job_Disable: an active job goes disabling, then disabled; disabling a disabling or disabled job changes nothing. */
    private SimResponse disable(SimRequest request) {
        JsonNode body = request.requireBody();
        String disableTasks = BatchJson.text(body, "disableTasks");
        if (disableTasks == null) {
            throw new SimException(400, "MissingRequiredProperty", "A required property was not specified in the request body.");
        }
        if (!DISABLE_TASKS.contains(disableTasks)) {
            throw new SimException(400, "InvalidPropertyValue", "The value provided for one of the properties in the request body is invalid.");
        }
        return state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(request);
            SimJob job = job(account, request);
            requireMatch(request, job);
            switch (job.state) {
                case "active" -> {
                    tasks.disable(job, disableTasks, now);
                    clockwork.settle(now);
                }
                case "disabling", "disabled" -> {
                    // Batch accepts a disable in these states; nothing changes.
                }
                default -> throw notInState(job);
            }
            return withJobHeaders(SimResponse.empty(202), job, account);
        });
    }

    private SimResponse enable(SimRequest request) {
        return state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(request);
            SimJob job = job(account, request);
            requireMatch(request, job);
            switch (job.state) {
                case "disabled" -> {
                    tasks.enable(job, now);
                    clockwork.settle(now);
                }
                case "enabling" -> {
                    // already on its way back to active
                }
                default -> throw notInState(job);
            }
            return withJobHeaders(SimResponse.empty(202), job, account);
        });
    }

    /** Job_Patch: poolInfo may change only while the job is disabled (Batch: "only when the Job is disabled"). */
    private SimResponse patchJob(SimRequest request) {
        JsonNode body = request.requireBody();
        JsonNode poolInfo = body.get("poolInfo");
        if (poolInfo != null && BatchJson.text(poolInfo, "poolId") == null) {
            throw new SimException(400, "MissingRequiredProperty", "A required property was not specified in the request body.");
        }
        return state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(request);
            SimJob job = job(account, request);
            requireMatch(request, job);
            if (poolInfo != null) {
                if (!"disabled".equals(job.state)) {
                    throw new SimException(409, "OperationInvalidForCurrentState",
                            "The specified operation is not valid for the current state of the resource.");
                }
                job.poolId = poolInfo.get("poolId").asText();
            }
            job.stamp(now);
            return withJobHeaders(SimResponse.empty(200), job, account);
        });
    }

    private static SimException notInState(SimJob job) {
        return switch (job.state) {
            case "completed" -> new SimException(409, "JobCompleted",
                    "A job operation was attempted which is not permitted when the job has been completed.");
            case "terminating" -> new SimException(409, "JobBeingTerminated",
                    "A job operation was attempted which is not permitted when the job is in the process of being terminated.");
            case "deleting" -> new SimException(409, "JobBeingDeleted",
                    "A job operation was attempted which is not permitted when the job is in the process of being deleted.");
            case "enabling" -> new SimException(409, "JobNotActive",
                    "A job operation was attempted which is not permitted when the job is not active.");
            default -> new SimException(409, "OperationInvalidForCurrentState",
                    "The specified operation is not valid for the current state of the resource.");
        };
    }

    private <T> SimResponse list(SimRequest request, SimAccount account, List<T> items, Function<T, String> key,
                                 Function<T, ObjectNode> render, String metadata) {
        Pages.Page<T> page = Pages.of(items, key, request, "https://" + authority.get(), store.pageSize,
                store.maxPageSize);
        ObjectNode body = BatchJson.object().put("odata.metadata", base(account) + "/$metadata#" + metadata);
        ArrayNode value = body.putArray("value");
        page.items().forEach(item -> value.add(render.apply(item)));
        page.nextLink().ifPresent(link -> body.put("odata.nextLink", link));
        return json(SimResponse.ok(body));
    }

    private SimAccount account(SimRequest request) {
        String version = request.apiVersion();
        if (!API_VERSION.matcher(version).matches()) {
            throw new SimException(400, "UnsupportedRequestVersion", "The specified Request Version is not supported.");
        }
        return store.byEndpoint(request.param("endpoint"))
                .orElseThrow(() -> new SimException(404, "AccountNotFound", "The specified account does not exist."));
    }

    private static SimJob job(SimAccount account, SimRequest request) {
        return account.job(request.param("jobId"))
                .orElseThrow(() -> new SimException(404, "JobNotFound", "The specified job does not exist."));
    }

    private static void requireMatch(SimRequest request, SimJob job) {
        request.header("if-match").ifPresent(ifMatch -> {
            if (!"*".equals(ifMatch.trim()) && !ifMatch.trim().equals(job.etag)) {
                throw new SimException(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
            }
        });
    }

    private String base(SimAccount account) {
        return "https://" + authority.get() + "/batch/" + account.endpointName();
    }

    private SimResponse withJobHeaders(SimResponse response, SimJob job, SimAccount account) {
        return json(response).withHeader("ETag", job.etag)
                .withHeader("Last-Modified", DataPlaneJson.httpDate(job.lastModified))
                .withHeader("DataServiceId", base(account) + "/jobs/" + job.id);
    }

    private static SimResponse json(SimResponse response) {
        return response.body() == null ? response : response.withHeader("Content-Type", CONTENT_TYPE);
    }

    /** The list's $filter, or 400 InvalidQueryParameterValue naming the parameter and the reason, as Batch answers. */
    private static Optional<ODataFilter> filter(SimRequest request, Map<String, ODataFilter.Property> accepted) {
        Optional<String> text = request.queryParam("$filter");
        try {
            return text.map(t -> ODataFilter.parse(t, accepted));
        } catch (ODataFilter.Invalid e) {
            throw new SimErrorWithValues(400, "InvalidQueryParameterValue",
                    "Value for one of the query parameters specified in the request URI is invalid.",
                    "QueryParameterName", "$filter", "QueryParameterValue", text.get(), "Reason", e.getMessage());
        }
    }
}
