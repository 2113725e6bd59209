package io.batchrollout.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.batchrollout.functions.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The runner's HTTP front, on 127.0.0.1 with the Functions host's URL shapes: {@code /api/...},
 * {@code /runtime/webhooks/EventGrid}, {@code /admin/functions/{name}}. Paths compare case-insensitively, as ASP.NET
 * Core routing does. Prints one line per request.
 */
final class HostServer implements AutoCloseable {
    private final HttpServer server;
    private final Console console;
    private final ApiRoutes api;
    private final EventGridWebhook eventGrid;
    private final AdminApi admin;

    HostServer(int port, ExecutorService executor, Console console, ApiRoutes api, EventGridWebhook eventGrid, AdminApi admin) {
        this.console = console;
        this.api = api;
        this.eventGrid = eventGrid;
        this.admin = admin;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port + " (set LOCAL_PORT to another port)", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        HostResponse response;
        HostRequest request = null;
        try (InputStream in = exchange.getRequestBody()) {
            URI uri = URI.create("http://127.0.0.1:" + port() + exchange.getRequestURI().toString());
            request = new HostRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), uri, exchange.getRequestHeaders(), in.readAllBytes());
            response = route(request);
        } catch (RuntimeException e) {
            response = HostResponse.problem(Problem.internalError("the local runner failed: " + e, exchange.getRequestURI().getRawPath()));
            e.printStackTrace(System.err);
        }
        String method = request == null ? exchange.getRequestMethod() : request.method();
        console.line(method + " " + exchange.getRequestURI() + " -> " + response.status());
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = response.body().length == 0 || method.equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    private HostResponse route(HostRequest request) {
        String path = request.uri().getRawPath().toLowerCase(Locale.ROOT);
        if (path.equals(EventGridWebhook.PATH.toLowerCase(Locale.ROOT))) {
            return eventGrid.handle(request);
        }
        if (path.startsWith(AdminApi.PREFIX)) {
            return admin.handle(request);
        }
        if (path.equals(ApiRoutes.PREFIX) || path.startsWith(ApiRoutes.PREFIX + "/")) {
            return api.handle(request);
        }
        return HostResponse.problem(Problem.notFound("Nothing here. The Functions host serves " + ApiRoutes.PREFIX
                + "/{route}, " + EventGridWebhook.PATH + "?functionName={name} and " + AdminApi.PREFIX + "{name}.",
                request.uri().getRawPath()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
