package io.batchrollout.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.sim.SimulatedAzure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTPS server that answers the app's real clients with Microsoft's example bodies: one canned answer per
 * method and path pattern, every request recorded. It trusts the simulator's test certificate, so the app's client
 * factory reaches it exactly as it reaches the simulator ({@link #clients()}).
 */
final class ExampleStub implements AutoCloseable {
    record Reply(int status, Map<String, String> headers, JsonNode body) {
    }

    record Received(String method, String path, String query, String body) {
    }

    private record Route(String method, Pattern path, Reply reply) {
    }

    private final HttpsServer server;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    ExampleStub() {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls()));
            server.createContext("/", this::answer);
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the example stub", e);
        }
    }

    String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The app's own client factory pointed at this stub, retrying once and quickly. */
    AzureClients clients() {
        return AzureClients.create(AzureTarget.at("https://" + authority() + "/", SimulatedAzure.credential(),
                SimulatedAzure.clientTrust(), new com.azure.core.http.policy.RetryOptions(
                        new com.azure.core.http.policy.ExponentialBackoffOptions().setMaxRetries(1)
                                .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(20)))));
    }

    ExampleStub on(String method, String pathRegex, int status, JsonNode body) {
        return on(method, pathRegex, status, Map.of(), body);
    }

    ExampleStub on(String method, String pathRegex, int status, Map<String, String> headers, JsonNode body) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex), new Reply(status, headers, body)));
        return this;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    long count(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return received.stream().filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches()).count();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(), body));
        Reply reply = routes.stream().filter(r -> r.method().equals(method) && r.path().matcher(path).matches())
                .map(Route::reply).findFirst()
                .orElse(new Reply(404, Map.of(), Examples.JSON.createObjectNode().set("error", Examples.JSON.createObjectNode()
                        .put("code", "NoExampleForThisRequest").put("message", method + " " + path))));
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body() == null ? new byte[0] : Examples.JSON.writeValueAsBytes(reply.body());
        if (bytes.length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** The simulator's test certificate (src/test/resources/sim), which {@link SimulatedAzure#clientTrust()} trusts. */
    private static SSLContext tls() {
        char[] password = "simulated".toCharArray();
        try (InputStream in = ExampleStub.class.getResourceAsStream("/sim/sim-tls.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("could not load the simulator's test certificate", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
