package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every request the simulator answered, for tests that assert on what the client sent and how often. */
public final class RequestLog {

    public record Entry(Instant simTime, String method, String path, String query, String operation, int status,
                        String ifMatch, String ifNoneMatch) {
        public boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** Requests answered by every simulator in this JVM, by operation: the test suite's total, printed at its end. */
    private static final Map<String, java.util.concurrent.atomic.LongAdder> ALL_SIMULATORS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A request as the client sent it: its headers (names lower-cased) and JSON body (null when it had none), for
     * tests that check what the app sends against Azure's published definitions (the contract suite).
     */
    public record Captured(Entry entry, Map<String, String> headers, JsonNode body) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Captured> captured = new ArrayList<>();

    synchronized void record(Entry entry) {
        entries.add(entry);
        ALL_SIMULATORS.computeIfAbsent(entry.operation(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    synchronized void record(Entry entry, Map<String, String> headers, JsonNode body) {
        record(entry);
        captured.add(new Captured(entry, Map.copyOf(headers), body == null ? null : body.deepCopy()));
    }

    /** Every answered request with what the client sent, in order. */
    public synchronized List<Captured> captured() {
        return List.copyOf(captured);
    }

    public static Map<String, Long> countsAcrossSimulators() {
        Map<String, Long> counts = new TreeMap<>();
        ALL_SIMULATORS.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized long count(String operation) {
        return entries.stream().filter(e -> e.operation().equals(operation)).count();
    }

    public synchronized long count(Predicate<Entry> filter) {
        return entries.stream().filter(filter).count();
    }

    /** Requests that could change state (anything but GET), whatever their outcome. */
    public synchronized long writes() {
        return entries.stream().filter(Entry::isWrite).count();
    }

    public synchronized Map<String, Long> countsByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        for (Entry e : entries) {
            counts.merge(e.operation(), 1L, Long::sum);
        }
        return counts;
    }

    public synchronized void clear() {
        entries.clear();
        captured.clear();
    }
}
