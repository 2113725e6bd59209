package io.batchrollout.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scripted faults, consulted before the stateful store: a matching rule answers instead of the store (or delays
 * it), so a throttled or failed request never changes state, as in Azure. Rules are tried in the order they were
 * added; the first that fires for a request answers it, and only the rules tried count the request. Tests script
 * rules with the methods below, demos and black-box tests over HTTP ({@link FaultControls}).
 */
public final class FaultInjector {

    /** What a rule does: answer with an error, or wait and then let the request through (or answer an error). */
    public sealed interface Fault {
        record Throttle(int status, Duration retryAfter) implements Fault {
        }

        record ServerError(int status, String code) implements Fault {
        }

        record Latency(Duration delay) implements Fault {
        }

        /**
         * Any answer a script asks for: after {@code latency}, the error (status, code, message, Retry-After when
         * present), or, with no error, the request goes on to the store.
         */
        record Scripted(Duration latency, Optional<ErrorAnswer> error) implements Fault {
        }
    }

    /** An error answer: {@code retryAfter} becomes a Retry-After header in whole seconds. */
    public record ErrorAnswer(int status, String code, String message, Optional<Duration> retryAfter) {
    }

    private final List<FaultRule> rules = new ArrayList<>();
    private long nextId = 1;

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

    /** The fault for the next {@code times} calls of the operation. */
    public FaultInjector add(String operation, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault applies at least once");
        }
        add(operation, fault, FaultRule.Rate.always(), new FaultRule.Lifetime(Optional.of((long) times), Optional.empty(),
                Optional.empty()), Instant.MIN);
        return this;
    }

    /** Adds a rule; {@code simNow} is when its simulated lifetime starts. Returns it as listed. */
    public synchronized FaultRule.View add(String operation, Fault fault, FaultRule.Rate rate, FaultRule.Lifetime lifetime,
                                           Instant simNow) {
        FaultRule rule = new FaultRule("f" + nextId++, operation, fault, rate, lifetime, simNow, System.nanoTime());
        rules.add(rule);
        return rule.view();
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Removes one rule by id; false if there is none (it may have expired). */
    public synchronized boolean remove(String id) {
        return rules.removeIf(r -> r.id().equals(id));
    }

    /** The rules still in force, in the order they are tried. */
    public synchronized List<FaultRule.View> rules(Instant simNow) {
        dropExpired(simNow);
        return rules.stream().map(FaultRule::view).toList();
    }

    /** The fault for this request of the operation, if a rule fires, counting it against that rule. */
    synchronized Optional<Fault> next(String operation, Instant simNow) {
        dropExpired(simNow);
        Iterator<FaultRule> it = rules.iterator();
        while (it.hasNext()) {
            FaultRule rule = it.next();
            if (rule.matches(operation) && rule.fires()) {
                if (rule.spent()) {
                    it.remove();
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    private void dropExpired(Instant simNow) {
        long realNow = System.nanoTime();
        rules.removeIf(r -> r.expired(simNow, realNow));
    }

    /** How long to wait before answering (or passing the request on). */
    static Duration delayOf(Fault fault) {
        if (fault instanceof Fault.Latency latency) {
            return latency.delay();
        }
        if (fault instanceof Fault.Scripted scripted) {
            return scripted.latency();
        }
        return Duration.ZERO;
    }

    /** The error to answer with, or empty when the request goes on to the store after the delay. */
    static Optional<SimException> errorOf(Fault fault) {
        if (fault instanceof Fault.Throttle t) {
            String code = t.status() == 429 ? "TooManyRequests" : "ServiceUnavailable";
            return Optional.of(new SimException(t.status(), code, "The request was throttled by the simulated Azure; retry after "
                    + t.retryAfter().toSeconds() + " seconds.", Map.of("Retry-After", Long.toString(t.retryAfter().toSeconds()))));
        }
        if (fault instanceof Fault.ServerError e) {
            return Optional.of(new SimException(e.status(), e.code(), "The simulated Azure failed this request on purpose."));
        }
        if (fault instanceof Fault.Scripted scripted && scripted.error().isPresent()) {
            ErrorAnswer error = scripted.error().get();
            Map<String, String> headers = error.retryAfter()
                    .map(d -> Map.of("Retry-After", Long.toString(d.toSeconds()))).orElse(Map.of());
            return Optional.of(new SimException(error.status(), error.code(), error.message(), headers));
        }
        return Optional.empty();
    }
}
