package io.batchrollout.bench;

import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cold start of the Azure clients, the cost a Java Function pays on its first call: a fresh JVM per run builds the
 * clients and makes the two reads every rollout pass starts with (an image version with replication status and a
 * Batch pool), against the simulated Azure. The baseline is the documented wiring (ComputeManager and BatchManager
 * through their authenticate methods); the candidate is the app's own factory. Both share the pipeline shape and
 * the JDK HttpClient, so the difference is the client construction alone. Run with `mvn -Pbench`.
 */
public final class ClientStartupBenchmark {
    static final String SUB = "00000000-0000-0000-0000-00000000be0c";
    static final String VERSION = "/subscriptions/" + SUB + "/resourceGroups/bench-rg/providers/Microsoft.Compute/galleries/benchgallery/images/ubuntu/versions/1.0.0";
    static final String ACCOUNT = "/subscriptions/" + SUB + "/resourceGroups/bench-rg/providers/Microsoft.Batch/batchAccounts/benchbatch";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (SimulatedAzure azure = SimulatedAzure.start(0)) {
            seed(azure);
            Map<String, List<long[]>> results = new TreeMap<>();
            for (int i = 0; i < runs; i++) {
                for (String variant : List.of(StartupProbe.BASELINE, StartupProbe.APP)) {
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(runChild(variant, azure.baseUrl()));
                }
            }
            report(results, runs);
        }
    }

    private static void seed(SimulatedAzure azure) {
        azure.gallery().addGallery(SUB, "bench-rg", "benchgallery", "westeurope");
        String gallery = VERSION.substring(0, VERSION.indexOf("/images/"));
        azure.gallery().addImageDefinition(gallery, "ubuntu", "Linux", "Generalized", "V2");
        azure.gallery().addVersion(gallery + "/images/ubuntu", "1.0.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);
        azure.batch().addAccount(SUB, "bench-rg", "benchbatch", "westeurope", 100, 0);
    }

    /** Runs one probe in a fresh JVM; returns {wall ms of the whole process, ms inside main to both answers, peak RSS kB}. */
    private static long[] runChild(String variant, String simBase) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StartupProbe.class.getName(), variant, simBase, VERSION, ACCOUNT + "/pools/absent-pool");
        pb.redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = pb.start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                last = line;
            }
        }
        int exit = process.waitFor();
        long wallMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (exit != 0 || last == null || !last.startsWith("probe ")) {
            throw new IllegalStateException(variant + " probe failed (exit " + exit + "): " + last);
        }
        String[] parts = last.split(" ");
        return new long[] {wallMs, Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    private static void report(Map<String, List<long[]>> results, int runs) {
        System.out.println("Client cold start, " + runs + " fresh JVMs per variant, median (min..max)");
        System.out.printf("%-10s %22s %22s %22s%n", "variant", "process wall ms", "main to answers ms", "peak RSS MB");
        Map<String, long[]> medians = new TreeMap<>();
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            long[] median = new long[3];
            String[] cells = new String[3];
            for (int k = 0; k < 3; k++) {
                final int col = k;
                long[] sorted = e.getValue().stream().mapToLong(r -> r[col]).sorted().toArray();
                median[k] = sorted[sorted.length / 2];
                long div = k == 2 ? 1024 : 1;
                cells[k] = (median[k] / div) + " (" + (sorted[0] / div) + ".." + (sorted[sorted.length - 1] / div) + ")";
            }
            medians.put(e.getKey(), median);
            System.out.printf("%-10s %22s %22s %22s%n", e.getKey(), cells[0], cells[1], cells[2]);
        }
        long[] base = medians.get(StartupProbe.BASELINE);
        long[] app = medians.get(StartupProbe.APP);
        System.out.printf("ratio app/baseline: process wall %.2f, main to answers %.2f, peak RSS %.2f%n",
                (double) app[0] / base[0], (double) app[1] / base[1], (double) app[2] / base[2]);
        System.out.println(Arrays.toString(new String[] {"java " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors() + " cores"}));
    }

    private static final class Path {
        static String of(String first, String... more) {
            return java.nio.file.Path.of(first, more).toString();
        }
    }
}
