package io.batchrollout.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scripted faults, consulted before the stateful store: a matching rule answers instead of the store (or delays
 * it), so a throttled or failed request never changes state, as in Azure.
 */
public final class FaultInjector {

    /** What a rule does: answer with an error, or wait and then let the request through. */
    public sealed interface Fault {
        record Throttle(int status, Duration retryAfter) implements Fault {
        }

        record ServerError(int status, String code) implements Fault {
        }

        record Latency(Duration delay) implements Fault {
        }
    }

    private record Rule(String operation, Fault fault, int[] remaining) {
    }

    private final List<Rule> rules = new ArrayList<>();

    /** Azure's 429 with Retry-After, for the next {@code times} calls of the operation ("*" for any). */
    public FaultInjector throttle(String operation, int times, Duration retryAfter) {
        return add(operation, new Fault.Throttle(429, retryAfter), times);
    }

    public FaultInjector serverError(String operation, int times) {
        return add(operation, new Fault.ServerError(500, "InternalServerError"), times);
    }

    public FaultInjector unavailable(String operation, int times, Duration retryAfter) {
        return add(operation, new Fault.Throttle(503, retryAfter), times);
    }

    public FaultInjector latency(String operation, int times, Duration delay) {
        return add(operation, new Fault.Latency(delay), times);
    }

    public synchronized FaultInjector add(String operation, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault applies at least once");
        }
        rules.add(new Rule(operation, fault, new int[] {times}));
        return this;
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** The next fault for this operation, consuming one use of its rule. */
    synchronized Optional<Fault> next(String operation) {
        Iterator<Rule> it = rules.iterator();
        while (it.hasNext()) {
            Rule rule = it.next();
            if (rule.operation().equals("*") || rule.operation().equals(operation)) {
                if (--rule.remaining()[0] <= 0) {
                    it.remove();
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    static SimException toError(Fault fault) {
        if (fault instanceof Fault.Throttle t) {
            String code = t.status() == 429 ? "TooManyRequests" : "ServiceUnavailable";
            return new SimException(t.status(), code, "The request was throttled by the simulated Azure; retry after "
                    + t.retryAfter().toSeconds() + " seconds.", Map.of("Retry-After", Long.toString(t.retryAfter().toSeconds())));
        }
        if (fault instanceof Fault.ServerError e) {
            return new SimException(e.status(), e.code(), "The simulated Azure failed this request on purpose.");
        }
        throw new IllegalArgumentException("not an error fault: " + fault);
    }
}
