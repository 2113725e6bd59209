package io.batchrollout.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

/**
 * One scripted fault: which operation it applies to, how often it fires among that operation's requests, and how
 * long it stays. Guarded by its {@link FaultInjector}'s lock.
 */
public final class FaultRule {

    /** Which of the requests a rule sees it fires on. Deterministic choices exist so that tests can count. */
    public sealed interface Rate {
        /** Every request. */
        record Always() implements Rate {
        }

        /** The n-th, 2n-th, ... request the rule sees (n = 1 is every request). */
        record EveryNth(int n) implements Rate {
        }

        /** Each request with this probability, drawn from a generator seeded with {@code seed}: same seed, same picks. */
        record Probability(double probability, long seed) implements Rate {
        }

        static Rate always() {
            return new Always();
        }
    }

    /**
     * How long a rule stays: until it has fired {@code count} times, until {@code simulated} time has passed on the
     * simulator's clock, or {@code real} time on the wall clock, whichever comes first; until cleared when all are empty.
     */
    public record Lifetime(Optional<Long> count, Optional<Duration> simulated, Optional<Duration> real) {
    }

    /** A rule as listed: what it does and how much of it is left. */
    public record View(String id, String operation, FaultInjector.Fault fault, Rate rate, Lifetime lifetime, long seen,
                       long fired, Optional<Long> remaining, Optional<Instant> simulatedUntil) {
    }

    private final String id;
    private final String operation;
    private final FaultInjector.Fault fault;
    private final Rate rate;
    private final Lifetime lifetime;
    private final Instant simStart;
    private final long realStartNanos;
    private final Random random;
    private long seen;
    private long fired;

    FaultRule(String id, String operation, FaultInjector.Fault fault, Rate rate, Lifetime lifetime, Instant simStart,
              long realStartNanos) {
        this.id = id;
        this.operation = operation;
        this.fault = fault;
        this.rate = rate;
        this.lifetime = lifetime;
        this.simStart = simStart;
        this.realStartNanos = realStartNanos;
        this.random = rate instanceof Rate.Probability p ? new Random(p.seed()) : null;
    }

    String id() {
        return id;
    }

    FaultInjector.Fault fault() {
        return fault;
    }

    boolean matches(String candidate) {
        return operation.equals("*") || operation.equalsIgnoreCase(candidate);
    }

    /** Counts one request of the operation and says whether the rule answers it. */
    boolean fires() {
        seen++;
        boolean fires;
        if (rate instanceof Rate.EveryNth every) {
            fires = seen % every.n() == 0;
        } else if (rate instanceof Rate.Probability p) {
            fires = random.nextDouble() < p.probability();
        } else {
            fires = true;
        }
        if (fires) {
            fired++;
        }
        return fires;
    }

    boolean spent() {
        return lifetime.count().map(c -> fired >= c).orElse(false);
    }

    boolean expired(Instant simNow, long realNowNanos) {
        boolean simulatedOver = simulatedUntil().map(until -> !simNow.isBefore(until)).orElse(false);
        boolean realOver = lifetime.real().map(d -> realNowNanos - realStartNanos >= d.toNanos()).orElse(false);
        return spent() || simulatedOver || realOver;
    }

    private Optional<Instant> simulatedUntil() {
        return lifetime.simulated().map(simStart::plus);
    }

    View view() {
        return new View(id, operation, fault, rate, lifetime, seen, fired, lifetime.count().map(c -> c - fired),
                simulatedUntil());
    }
}
