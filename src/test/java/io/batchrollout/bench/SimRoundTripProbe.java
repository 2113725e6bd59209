package io.batchrollout.bench;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.testworld.BatchWorld;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One JVM of the round-trip benchmark: the app's real clients ({@link AzureClients}) GET a gallery image version
 * (with replication status) and a Batch pool, from the simulator and from a bare JDK HTTPS server on the same
 * loopback that replays the simulator's answers byte for byte (the floor: TLS, HTTP and the SDK's pipeline, no
 * simulation). Calls alternate between the two so that the machine's load falls on both alike. Prints one line per
 * (server, operation): "rt {server} {operation} {median ms} {p95 ms} {connections}".
 */
public final class SimRoundTripProbe {
    static final String SUB = ClientStartupBenchmark.SUB;
    static final String VERSION = ClientStartupBenchmark.VERSION;
    static final String POOL = ClientStartupBenchmark.ACCOUNT + "/pools/benchpool";

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int warmUp = Integer.parseInt(args[1]);
        try (SimulatedAzure azure = SimulatedAzure.start(0)) {
            seed(azure);
            AzureClients sim = AzureClients.create(azure.target());
            ImageVersionId version = ImageVersionId.parse(VERSION);
            PoolId pool = PoolId.parse(POOL);
            sim.pools().create(pool, BatchWorld.spec(VERSION, 0));
            Replay replay = Replay.of(azure, List.of(
                    VERSION + "?api-version=2024-03-03&$expand=ReplicationStatus", POOL + "?api-version=2024-07-01"));
            AzureClients floor = AzureClients.create(AzureTarget.at(replay.baseUrl() + "/", SimulatedAzure.credential(),
                    SimulatedAzure.clientTrust(), azure.target().retry()));
            try {
                Map<String, Supplier<?>> calls = new LinkedHashMap<>();
                calls.put("sim version", () -> sim.gallery().version(version).orElseThrow());
                calls.put("floor version", () -> floor.gallery().version(version).orElseThrow());
                calls.put("sim pool", () -> sim.pools().get(pool).orElseThrow());
                calls.put("floor pool", () -> floor.pools().get(pool).orElseThrow());
                Map<String, long[]> nanos = new LinkedHashMap<>();
                calls.keySet().forEach(k -> nanos.put(k, new long[requests]));
                for (int i = -warmUp; i < requests; i++) {
                    for (Map.Entry<String, Supplier<?>> call : calls.entrySet()) {
                        long start = System.nanoTime();
                        call.getValue().get();
                        if (i >= 0) {
                            nanos.get(call.getKey())[i] = System.nanoTime() - start;
                        }
                    }
                }
                long simConnections = azure.connectionsAccepted();
                for (Map.Entry<String, long[]> e : nanos.entrySet()) {
                    long[] sorted = e.getValue().clone();
                    Arrays.sort(sorted);
                    boolean fromSim = e.getKey().startsWith("sim");
                    System.out.printf(Locale.ROOT, "rt %s %.2f %.2f %d%n", e.getKey(), sorted[sorted.length / 2] / 1e6,
                            sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e6, fromSim ? simConnections : replay.connections());
                }
            } finally {
                replay.stop();
            }
        }
        System.exit(0);
    }

    private static void seed(SimulatedAzure azure) {
        azure.gallery().addGallery(SUB, "bench-rg", "benchgallery", "westeurope");
        String gallery = VERSION.substring(0, VERSION.indexOf("/images/"));
        azure.gallery().addImageDefinition(gallery, "ubuntu", "Linux", "Generalized", "V2");
        azure.gallery().addVersion(gallery + "/images/ubuntu", "1.0.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);
        azure.batch().addAccount(SUB, "bench-rg", "benchbatch", "westeurope", 100, 0);
    }

    /** A bare JDK HTTPS server answering each path with the simulator's answer to it, captured once. */
    private record Replay(HttpsServer server, AtomicLong counter) {
        static Replay of(SimulatedAzure azure, List<String> pathsAndQueries) throws Exception {
            HttpClient http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();
            Map<String, HttpResponse<byte[]>> answers = new ConcurrentHashMap<>();
            for (String pathAndQuery : pathsAndQueries) {
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(azure.baseUrl() + pathAndQuery))
                        .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(pathAndQuery + " answered " + answer.statusCode());
                }
                answers.put(URI.create(azure.baseUrl() + pathAndQuery).getPath().toLowerCase(), answer);
            }
            AtomicLong counter = new AtomicLong();
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(SimulatedAzure.serverTls()) {
                @Override
                public void configure(HttpsParameters params) {
                    counter.incrementAndGet();
                    super.configure(params);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bench-replay");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", exchange -> {
                HttpResponse<byte[]> answer = answers.get(exchange.getRequestURI().getPath().toLowerCase());
                exchange.getRequestBody().readAllBytes();
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                    answer.headers().firstValue("ETag").ifPresent(v -> exchange.getResponseHeaders().add("ETag", v));
                    exchange.sendResponseHeaders(200, answer.body().length);
                    exchange.getResponseBody().write(answer.body());
                }
                exchange.close();
            });
            server.start();
            return new Replay(server, counter);
        }

        String baseUrl() {
            return "https://127.0.0.1:" + server.getAddress().getPort();
        }

        long connections() {
            return counter.get();
        }

        void stop() {
            server.stop(0);
        }
    }
}
