package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The HTTPS front of the simulator. Order per request, as Azure's front doors behave: authentication, then
 * api-version, then scripted faults (which never touch state), then the clock sync, then the handler.
 * Paths under {@code /_sim/} are the simulator's own controls and need no token.
 */
final class SimServer {
    /**
     * Why a request used to take ~44 ms on loopback: the JDK server writes a response as two TLS records (the
     * headers, flushed by sendResponseHeaders, then the body), and its sockets keep Nagle's algorithm unless this
     * property is true when the server implementation first loads. The body record then waits for the client's ACK
     * of the headers, which Linux delays by up to 40 ms (measured: 47 ms a GET through the real SDK clients, 4.7 ms
     * with TCP_NODELAY, within ~1 ms of a bare JDK HTTPS server replaying the same bytes: docs/BENCHMARKS.md,
     * `mvn -Pbench`). Connections were already reused (one per client) and the clock sync, state lock and handler
     * take well under a millisecond; none of them was the cause. The property is read once per JVM, when the first
     * com.sun.net.httpserver server is created, so the surefire configuration sets it too (tests may create a plain
     * HttpServer before any simulator); an explicit setting wins (the benchmark measures the old behaviour with false).
     */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Router router;
    private final SimState state;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Router controls;
    private final AtomicLong connections = new AtomicLong();

    SimServer(int port, SSLContext tls, Router router, Router controls, SimState state, FaultInjector faults, RequestLog log)
            throws IOException {
        this.router = router;
        this.controls = controls;
        this.state = state;
        this.faults = faults;
        this.log = log;
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        this.server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                connections.incrementAndGet(); // once per accepted connection, before its TLS handshake
                super.configure(params);
            }
        });
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "simulated-azure");
            t.setDaemon(true);
            return t;
        });
        this.server.setExecutor(executor);
        this.server.createContext("/", this::serve);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** TLS connections accepted so far: a client that reuses its connections opens one per concurrent request. */
    long connections() {
        return connections.get();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String operation = "Unknown";
        SimResponse response;
        JsonNode body = null;
        try {
            boolean control = path.startsWith("/_sim/");
            Optional<Router.Match> match = (control ? controls : router).match(method, path);
            if (match.isPresent()) {
                operation = match.get().route().operation();
            }
            if (!control) {
                authenticate(headers);
            }
            if (match.isEmpty()) {
                throw unmatched(method, path, control);
            }
            Map<String, String> query = parseQuery(rawQuery);
            if (!control && query.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("api-version"))) {
                throw new SimException(400, "MissingApiVersionParameter",
                        "The api-version query parameter (?api-version=) is required for all requests.");
            }
            body = readBody(exchange.getRequestBody());
            if (!control) {
                applyFault(operation);
                state.sync();
            }
            SimRequest request = new SimRequest(method, path, operation, match.get().params(), query, headers, body);
            response = match.get().route().handler().handle(request);
        } catch (SimException e) {
            response = errorResponse(e, path);
        } catch (RuntimeException e) {
            response = errorResponse(new SimException(500, "InternalServerError",
                    "The simulated Azure failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()), path);
        }
        log.record(new RequestLog.Entry(state.clock().now(), method, path, rawQuery == null ? "" : rawQuery, operation,
                response.status(), headers.get("if-match"), headers.get("if-none-match")), headers, body);
        write(exchange, response);
    }

    private void authenticate(Map<String, String> headers) {
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !authorization.substring(7).equals(SimulatedAzure.ACCESS_TOKEN)) {
            throw new SimException(401, authorization == null ? "AuthenticationFailed" : "InvalidAuthenticationToken",
                    authorization == null ? "Authentication failed. The 'Authorization' header is missing."
                            : "The access token is invalid.",
                    Map.of("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\""));
        }
    }

    private SimException unmatched(String method, String path, boolean control) {
        if ((control ? controls : router).knowsPath(path)) {
            return new SimException(405, "MethodNotAllowed", "The requested resource does not support http method '" + method + "'.");
        }
        return new SimException(404, "InvalidResourceType", "The resource type could not be found for path '" + path + "'.");
    }

    private void applyFault(String operation) {
        Optional<FaultInjector.Fault> fault = faults.next(operation, state.clock().now());
        if (fault.isEmpty()) {
            return;
        }
        long delay = FaultInjector.delayOf(fault.get()).toMillis();
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<SimException> error = FaultInjector.errorOf(fault.get());
        if (error.isPresent()) {
            throw error.get();
        }
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new SimException(413, "RequestEntityTooLarge", "The request content is too large.");
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw SimException.badRequest("InvalidRequestContent",
                    "The request content was invalid and could not be deserialized: " + e.getMessage());
        }
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    /** ARM answers {"error":{code,message}}; the Batch data plane its own OData shape with a localised message. */
    static SimResponse errorResponse(SimException e, String path) {
        ObjectNode error = JSON.createObjectNode();
        if (path.startsWith("/_sim/")) {
            return new SimResponse(e.status(), Map.of("Content-Type", "application/problem+json"), ControlProblem.render(e));
        }
        if (path.startsWith(SimulatedAzure.DATA_PLANE_PREFIX)) {
            error.put("odata.metadata", "https://batch.core.windows.net/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element");
            error.put("code", e.code());
            error.putObject("message").put("lang", "en-US").put("value", e.getMessage());
            if (e instanceof SimErrorWithValues withValues) {
                var values = error.putArray("values");
                withValues.values().forEach((key, value) -> values.addObject().put("key", key).put("value", value));
            }
        } else {
            error.putObject("error").put("code", e.code()).put("message", e.getMessage());
        }
        SimResponse response = new SimResponse(e.status(), Map.of(), error);
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        return response;
    }

    private static void write(HttpExchange exchange, SimResponse response) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().put("x-ms-request-id", List.of(requestId));
        exchange.getResponseHeaders().put("x-ms-correlation-request-id",
                List.of(Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-ms-client-request-id")).orElse(requestId)));
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v)));
        byte[] bytes = response.body() == null ? new byte[0] : JSON.writeValueAsBytes(response.body());
        if (response.body() != null && !exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().put("Content-Type", List.of("application/json; charset=utf-8"));
        }
        boolean noBody = bytes.length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
