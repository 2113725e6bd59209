package io.batchrollout.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every function invocation the runner made, newest last; tests wait on it for work run off the request thread. */
public final class InvocationLog {

    public enum Result { SUCCEEDED, FAILED }

    /** @param reason why it ran, e.g. "HTTP GET /api/pools", "Event Grid notification", "admin API", "timer" */
    public record Invocation(String function, String id, String reason, Result result, String message,
                             List<String> loggedLines, Duration duration) {
    }

    private final List<Invocation> invocations = new ArrayList<>();

    synchronized void add(Invocation invocation) {
        invocations.add(invocation);
        notifyAll();
    }

    public synchronized List<Invocation> of(String function) {
        return invocations.stream().filter(i -> i.function().equalsIgnoreCase(function)).toList();
    }

    public synchronized List<Invocation> all() {
        return List.copyOf(invocations);
    }

    /** Waits until the function was invoked at least {@code count} times; fails after {@code timeout}. */
    public synchronized List<Invocation> await(String function, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(function).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(function + " ran " + of(function).size() + " times, not " + count + ", within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return of(function);
    }
}
