package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Compute resource provider's operation status resources ({@code .../locations/{l}/capsOperations/{id}}),
 * which a client polls after a long-running write: the URL comes back in the write's Azure-AsyncOperation header
 * (and, for deletes, the Location header with {@code monitor=true}).
 */
final class AsyncOperations {
    static final String PATH = "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/capsOperations/{operationId}";

    /** One long-running operation. Mutated only under the state's write lock. */
    static final class Operation {
        final String id;
        final String subscriptionId;
        final Regions.Region location;
        final Instant startTime;
        Instant endTime;
        String status = "InProgress";
        String errorCode;
        String errorMessage;

        Operation(String id, String subscriptionId, Regions.Region location, Instant startTime) {
            this.id = id;
            this.subscriptionId = subscriptionId;
            this.location = location;
            this.startTime = startTime;
        }

        boolean done() {
            return !status.equals("InProgress");
        }
    }

    private final SimState state;
    private final Map<String, Operation> operations = new HashMap<>();

    AsyncOperations(SimState state) {
        this.state = state;
    }

    /** Under the write lock. */
    Operation start(String subscriptionId, Regions.Region location, Instant now) {
        Operation operation = new Operation(UUID.randomUUID().toString(), subscriptionId, location, now);
        operations.put(operation.id, operation);
        return operation;
    }

    /** Under the write lock. */
    Operation succeeded(String subscriptionId, Regions.Region location, Instant now) {
        Operation operation = start(subscriptionId, location, now);
        succeed(operation.id, now);
        return operation;
    }

    /** Under the write lock; an operation that already ended keeps its outcome. */
    void succeed(String operationId, Instant at) {
        Operation operation = operations.get(operationId);
        if (operation != null && !operation.done()) {
            operation.status = "Succeeded";
            operation.endTime = at.isBefore(operation.startTime) ? operation.startTime : at;
        }
    }

    /** Under the write lock. */
    void fail(String operationId, Instant at, String code, String message) {
        Operation operation = operations.get(operationId);
        if (operation != null && !operation.done()) {
            operation.status = "Failed";
            operation.endTime = at.isBefore(operation.startTime) ? operation.startTime : at;
            operation.errorCode = code;
            operation.errorMessage = message;
        }
    }

    static String statusUrl(SimRequest request, Operation operation) {
        return GalleryRequests.baseUrl(request) + "/subscriptions/" + operation.subscriptionId
                + "/providers/Microsoft.Compute/locations/" + operation.location.name() + "/capsOperations/" + operation.id
                + "?api-version=" + GalleryRequests.API_VERSION;
    }

    static String monitorUrl(SimRequest request, Operation operation) {
        return statusUrl(request, operation).replace("?api-version=", "?monitor=true&api-version=");
    }

    /** GET of an operation status: its status document, or with {@code monitor=true} 202 until it ends. */
    SimResponse get(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "locations/capsOperations");
        return state.read(() -> {
            Operation operation = operations.get(request.param("operationId"));
            if (operation == null || !operation.subscriptionId.equalsIgnoreCase(request.param("subscriptionId"))
                    || !operation.location.name().equals(Regions.normalize(request.param("location")))) {
                throw new SimException(404, "NotFound", "The operation '" + request.param("operationId") + "' was not found.");
            }
            if (request.queryParam("monitor").map("true"::equalsIgnoreCase).orElse(false)) {
                return operation.done() ? SimResponse.empty(200)
                        : SimResponse.empty(202).withHeader("Location", monitorUrl(request, operation));
            }
            return SimResponse.ok(body(operation));
        });
    }

    private static ObjectNode body(Operation operation) {
        ObjectNode body = GalleryJson.object();
        body.put("startTime", operation.startTime.toString());
        if (operation.endTime != null) {
            body.put("endTime", operation.endTime.toString());
        }
        body.put("status", operation.status);
        if (operation.errorCode != null) {
            body.putObject("error").put("code", operation.errorCode).put("message", operation.errorMessage);
        }
        body.put("name", operation.id);
        return body;
    }
}
