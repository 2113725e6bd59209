package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Batch resource provider: accounts (read) and pools (create, read, update, delete, list). Operation names are
 * the spec's operationIds, plus Pool_DeleteOperationResult for the Location a pool delete answers with.
 */
final class PoolHandlers {
    private static final String ACCOUNT = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
            + "/providers/Microsoft.Batch/batchAccounts/{accountName}";
    private static final Pattern API_VERSION = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(-preview)?$");

    private final SimState state;
    private final BatchStore store;
    private final PoolWrites writes;
    private final BatchClockwork clockwork;
    private final Supplier<String> authority;

    PoolHandlers(SimState state, BatchStore store, PoolWrites writes, BatchClockwork clockwork, Supplier<String> authority) {
        this.state = state;
        this.store = store;
        this.writes = writes;
        this.clockwork = clockwork;
        this.authority = authority;
    }

    void register(Router router) {
        router.add("GET", ACCOUNT, "BatchAccount_Get", BatchArmError.guard(this::getAccount));
        router.add("GET", ACCOUNT + "/pools", "Pool_ListByBatchAccount", BatchArmError.guard(this::list));
        router.add("PUT", ACCOUNT + "/pools/{poolName}", "Pool_Create", BatchArmError.guard(this::create));
        router.add("GET", ACCOUNT + "/pools/{poolName}", "Pool_Get", BatchArmError.guard(this::get));
        router.add("PATCH", ACCOUNT + "/pools/{poolName}", "Pool_Update", BatchArmError.guard(this::update));
        router.add("DELETE", ACCOUNT + "/pools/{poolName}", "Pool_Delete", BatchArmError.guard(this::delete));
        router.add("GET", ACCOUNT + "/poolOperationResults/{operationId}", "Pool_DeleteOperationResult",
                BatchArmError.guard(this::deleteResult));
    }

    private SimResponse getAccount(SimRequest request) {
        return state.read(() -> SimResponse.ok(ArmJson.account(account(request), authority.get())));
    }

    private SimResponse get(SimRequest request) {
        return state.read(() -> poolResponse(pool(account(request), request.param("poolName"))));
    }

    private SimResponse list(SimRequest request) {
        Optional<ODataFilter> filter = managementFilter(request);
        return state.read(() -> {
            SimAccount account = account(request);
            List<SimPool> pools = account.pools().stream()
                    .filter(p -> filter.isEmpty() || filter.get().test(ArmJson.pool(p))).toList();
            Pages.Page<SimPool> page = Pages.of(pools, p -> p.name, request, "https://" + authority.get(), store.pageSize,
                store.maxPageSize);
            ObjectNode body = BatchJson.object();
            ArrayNode value = body.putArray("value");
            page.items().forEach(p -> value.add(ArmJson.pool(p)));
            page.nextLink().ifPresent(link -> body.put("nextLink", link));
            return SimResponse.ok(body);
        });
    }

    /** Batch's resource provider answers a filter it cannot apply as the data plane does (the code is a guess). */
    private Optional<ODataFilter> managementFilter(SimRequest request) {
        Optional<String> text = request.queryParam("$filter");
        try {
            return text.map(t -> ODataFilter.parse(t, BatchFilters.MANAGEMENT_POOLS));
        } catch (ODataFilter.Invalid e) {
            throw BatchArmError.of(400, "InvalidQueryParameterValue", "Value for one of the query parameters specified in "
                    + "the request URI is invalid: $filter '" + text.get() + "'. " + e.getMessage(), state.clock().now());
        }
    }

    private SimResponse create(SimRequest request) {
        String apiVersion = apiVersion(request);
        String poolName = request.param("poolName");
        return state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(request);
            if (!BatchNames.validPoolName(poolName)) {
                throw BatchArmError.invalidValue("poolName", "poolName", "A pool name has 1 to 64 letters, digits, "
                        + "hyphens or underscores.", now);
            }
            PoolRequest body = PoolRequest.parse(request.requireBody(), now);
            SimPool existing = account.pool(poolName).orElse(null);
            if (existing != null && existing.deleting()) {
                throw BatchArmError.of(409, "PoolBeingDeleted", "A pool operation was attempted which is not "
                        + "permitted when the pool is in the process of being deleted.", now);
            }
            if ("*".equals(request.header("if-none-match").orElse(null)) && existing != null) {
                throw BatchArmError.of(409, "PoolExists", "The specified pool already exists.", now);
            }
            request.header("if-match").ifPresent(ifMatch -> requireMatch(existing, ifMatch, now));
            SimPool pool = existing == null ? writes.create(account, poolName, body, now)
                    : writes.replace(existing, body, apiVersion, now);
            clockwork.settle(now);
            return poolResponse(pool);
        });
    }

    private SimResponse update(SimRequest request) {
        String apiVersion = apiVersion(request);
        return state.write(() -> {
            Instant now = state.clock().now();
            SimPool pool = pool(account(request), request.param("poolName"));
            if (pool.deleting()) {
                throw BatchArmError.of(409, "PoolBeingDeleted", "A pool operation was attempted which is not "
                        + "permitted when the pool is in the process of being deleted.", now);
            }
            request.header("if-match").ifPresent(ifMatch -> requireMatch(pool, ifMatch, now));
            writes.update(pool, PoolRequest.parse(request.requireBody(), now), apiVersion, now);
            clockwork.settle(now);
            return poolResponse(pool);
        });
    }

    /**
     * Starts the delete and answers 202 with a Location to poll and Retry-After, as Pool_Delete does (a long-running
     * delete, final state via Location); 204 when there is no such pool. Pool_Delete has no conditional header in the
     * spec (2024-07-01), so an If-Match is ignored as Azure may ignore it: a client's stale ETag does not protect the
     * pool. A delete of a pool already being deleted answers 202 again with the same operation.
     */
    private SimResponse delete(SimRequest request) {
        String apiVersion = apiVersion(request);
        return state.write(() -> {
            Instant now = state.clock().now();
            SimAccount account = account(request);
            SimPool pool = account.pool(request.param("poolName")).orElse(null);
            if (pool == null) {
                return SimResponse.empty(204);
            }
            if (!pool.deleting()) {
                pool.deleteOperationId = UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
                writes.startDelete(pool, now);
                clockwork.settle(now);
            }
            return SimResponse.empty(202).withHeader("Location", deleteLocation(pool, apiVersion))
                    .withHeader("Retry-After", "15");
        });
    }

    private SimResponse deleteResult(SimRequest request) {
        String apiVersion = apiVersion(request);
        return state.read(() -> {
            SimAccount account = account(request);
            String operation = request.param("operationId");
            for (SimPool pool : account.pools()) {
                if (pool.deleting() && operation.equalsIgnoreCase("delete-" + pool.name + "-" + pool.deleteOperationId)) {
                    return SimResponse.empty(202).withHeader("Location", deleteLocation(pool, apiVersion))
                            .withHeader("Retry-After", "15");
                }
            }
            return SimResponse.empty(200);
        });
    }

    private String deleteLocation(SimPool pool, String apiVersion) {
        return "https://" + authority.get() + pool.account.armId() + "/poolOperationResults/delete-" + pool.name + "-"
                + pool.deleteOperationId + "?api-version=" + apiVersion;
    }

    private SimAccount account(SimRequest request) {
        return store.byName(request.param("subscriptionId"), request.param("resourceGroupName"), request.param("accountName"))
                .orElseThrow(() -> new SimException(404, "ResourceNotFound", "The Resource 'Microsoft.Batch/batchAccounts/"
                        + request.param("accountName") + "' under resource group '" + request.param("resourceGroupName")
                        + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
    }

    private SimPool pool(SimAccount account, String poolName) {
        return account.pool(poolName).orElseThrow(() ->
                BatchArmError.of(404, "PoolNotFound", "The specified pool does not exist.", state.clock().now()));
    }

    /** If-Match: "*" needs the pool to exist; any other value must be the pool's current ETag. */
    private static void requireMatch(SimPool pool, String ifMatch, Instant now) {
        if (pool == null || !("*".equals(ifMatch.trim()) || ifMatch.trim().equals(pool.etag))) {
            throw BatchArmError.of(412, "ConditionNotMet",
                    "The condition specified using HTTP conditional header(s) is not met.", now);
        }
    }

    static String apiVersion(SimRequest request) {
        String version = request.apiVersion();
        if (!API_VERSION.matcher(version).matches() || version.compareTo("2017-05-01") < 0) {
            throw new SimException(400, "NoRegisteredProviderFound", "No registered resource provider found for "
                    + "API version '" + version + "' and type 'batchAccounts'.");
        }
        return version;
    }

    private static SimResponse poolResponse(SimPool pool) {
        return SimResponse.ok(ArmJson.pool(pool)).withHeader("ETag", pool.etag);
    }

    static List<String> operations() {
        return List.of("BatchAccount_Get", "Pool_ListByBatchAccount", "Pool_Create", "Pool_Get", "Pool_Update",
                "Pool_Delete", "Pool_DeleteOperationResult");
    }
}
