package io.batchrollout.sim;

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

    private final List<Entry> entries = new ArrayList<>();

    synchronized void record(Entry entry) {
        entries.add(entry);
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
    }
}
