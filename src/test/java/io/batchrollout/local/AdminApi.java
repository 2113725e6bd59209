package io.batchrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.functions.Problem;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code POST /admin/functions/{name}} with {@code {"input": "..."}}: runs a non-HTTP function now, as the host's
 * admin API does. Like the host it answers 202 at once and runs the function in the background, so the function's
 * outcome shows in the log, not in the answer. The host wants the master key here except when run locally; so does
 * this runner (no key).
 */
final class AdminApi {
    static final String PREFIX = "/admin/functions/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionCatalog catalog;
    private final FunctionHost host;
    private final ExecutorService background;

    AdminApi(FunctionCatalog catalog, FunctionHost host, ExecutorService background) {
        this.catalog = catalog;
        this.host = host;
        this.background = background;
    }

    HostResponse handle(HostRequest request) {
        String instance = request.uri().getRawPath();
        String name = request.pathSegmentsAfter(PREFIX).stream().findFirst().orElse("");
        if (!request.method().equals("POST")) {
            return HostResponse.problem(Problem.methodNotAllowed("run a function with POST " + PREFIX + "{name}", instance))
                    .withHeader("Allow", "POST");
        }
        Optional<FunctionDefinition> found = catalog.find(name);
        if (found.isEmpty()) {
            return HostResponse.problem(Problem.notFound("no function named '" + name + "'", instance));
        }
        FunctionDefinition function = found.get();
        if (function.trigger() instanceof FunctionDefinition.Http) {
            return HostResponse.problem(Problem.badRequest(function.name() + " is HTTP-triggered: call it at its route under "
                    + ApiRoutes.PREFIX + "/", instance));
        }
        String input;
        try {
            JsonNode body = JSON.readTree(request.bodyText());
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonNode value = body.path("input");
            input = value.isMissingNode() || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
        } catch (Exception e) {
            return HostResponse.problem(Problem.badRequest("the body must be a JSON object such as {\"input\": \"\"} "
                    + "(an empty object when there is no input)", instance));
        }
        String triggerValue = function.trigger() instanceof FunctionDefinition.Timer ? TimerScheduler.manualRunTimerInfo() : input;
        background.submit(() -> host.invokeWithString(function, "admin API " + PREFIX + function.name(), triggerValue));
        return HostResponse.empty(202);
    }
}
