package io.batchrollout.local;

import com.microsoft.azure.functions.HttpMethod;
import io.batchrollout.functions.Problem;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code /api/{route}}: finds the HTTP function whose route template matches (in the host's precedence order) and
 * calls it. Unknown routes answer a 404 problem; a known route with another method a 405 problem with Allow. The real
 * host answers both with an empty 404 (azure-functions-host issue 10098): clients must not depend on the 405.
 */
final class ApiRoutes {
    static final String PREFIX = "/api";

    private final FunctionCatalog catalog;
    private final FunctionHost host;

    ApiRoutes(FunctionCatalog catalog, FunctionHost host) {
        this.catalog = catalog;
        this.host = host;
    }

    HostResponse handle(HostRequest request) {
        String path = request.uri().getRawPath();
        List<String> segments = request.pathSegmentsAfter(PREFIX);
        Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        Optional<HttpMethod> method = parse(request.method());
        for (FunctionDefinition function : catalog.httpInPrecedenceOrder()) {
            FunctionDefinition.Http http = (FunctionDefinition.Http) function.trigger();
            Optional<Map<String, String>> values = http.route().match(segments);
            if (values.isEmpty()) {
                continue;
            }
            if (method.isPresent() && http.allows(method.get())) {
                return host.invokeHttp(function, request, values.get());
            }
            allowed.addAll(http.methods().isEmpty() ? EnumSet.allOf(HttpMethod.class) : http.methods());
        }
        if (!allowed.isEmpty()) {
            String allow = allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
            return HostResponse.problem(Problem.methodNotAllowed(request.method() + " is not allowed on " + path
                    + "; allowed: " + allow + ".", path)).withHeader("Allow", allow);
        }
        return HostResponse.problem(Problem.notFound("No function answers " + request.method() + " " + path
                + ". Routes: " + routes() + ".", path));
    }

    String routes() {
        TreeSet<String> routes = new TreeSet<>();
        for (FunctionDefinition f : catalog.httpInPrecedenceOrder()) {
            FunctionDefinition.Http http = (FunctionDefinition.Http) f.trigger();
            routes.add(http.methods() + " " + PREFIX + "/" + http.route().text());
        }
        return String.join(", ", routes);
    }

    private static Optional<HttpMethod> parse(String method) {
        try {
            return Optional.of(HttpMethod.value(method));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
