package io.batchrollout.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's round trip through the app's real clients: GETs of a gallery image version (with replication
 * status) and of a Batch pool, median and p95 in ms, against a bare HTTPS server replaying the same answers (the
 * floor). Run twice, each in a fresh JVM: with the JDK server's sockets as they were (Nagle on:
 * sun.net.httpserver.nodelay=false, the simulator's old setting) and as the simulator now runs them (TCP_NODELAY).
 * Run with `mvn -Pbench` (`-Dbench.requests=N` to change the 200 timed requests per operation).
 */
public final class SimRoundTripBenchmark {
    private static final int WARM_UP = 50;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println("Simulator round trip through AzureClients, " + requests + " GETs per operation after "
                + WARM_UP + " warm-up, alternating with a bare HTTPS replay of the same answers (the floor)");
        System.out.printf(Locale.ROOT, "%-30s %-14s %10s %10s %12s%n", "server sockets", "answered by", "median ms", "p95 ms",
                "connections");
        for (String nodelay : List.of("false", "true")) {
            String label = nodelay.equals("false") ? "before: Nagle (nodelay=false)" : "now: TCP_NODELAY";
            for (String line : runChild(nodelay, requests)) {
                String[] f = line.split(" ");
                // rt {server} {operation} {median} {p95} {connections}
                System.out.printf(Locale.ROOT, "%-30s %-14s %10s %10s %12s%n", label, f[1] + " " + f[2], f[3], f[4], f[5]);
            }
        }
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load average " + loadAverage());
    }

    private static List<String> runChild(String nodelay, int requests) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=" + nodelay, "-cp",
                System.getProperty("java.class.path"), SimRoundTripProbe.class.getName(), Integer.toString(requests),
                Integer.toString(WARM_UP));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        List<String> results = new ArrayList<>();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                last = line;
                if (line.startsWith("rt ")) {
                    results.add(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || results.size() != 4) {
            throw new IllegalStateException("round-trip probe (nodelay=" + nodelay + ") failed (exit " + exit + "): " + last);
        }
        return results;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
