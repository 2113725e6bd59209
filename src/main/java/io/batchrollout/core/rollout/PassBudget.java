package io.batchrollout.core.rollout;

import io.batchrollout.core.model.PoolId;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How long a pass may decide pools (PASS_DEADLINE), and which pools the last pass left undecided: those go first in the
 * next pass, so a fleet too large for one pass rotates instead of starving the same pools every time.
 *
 * <p>The deferred set lives in the memory of this process (one reconciler per process, {@code AppServices}). A restart
 * forgets it: the next pass then starts in wave order again, which loses nothing but the rotation of that one pass.
 * Two processes each keep their own set; both still decide every pool eventually, since each defers only what it did
 * not reach. Time is read from {@code ticker} (nanoseconds, like {@link System#nanoTime()}), not the decision clock.
 */
final class PassBudget {
    private final Duration deadline;
    private final LongSupplier ticker;
    private final Set<String> deferred = new HashSet<>();

    PassBudget(Duration deadline, LongSupplier ticker) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a pass needs a positive deadline; got " + deadline);
        }
        this.deadline = deadline;
        this.ticker = ticker;
    }

    Duration deadline() {
        return deadline;
    }

    /** The pools the last pass deferred first (in {@code order} among themselves), then the rest in {@code order}. */
    synchronized <T> List<T> order(List<T> pools, Function<T, PoolId> id, Comparator<T> order) {
        Comparator<T> deferredFirst = Comparator.comparing(p -> !deferred.contains(key(id.apply(p))));
        return pools.stream().sorted(deferredFirst.thenComparing(order)).toList();
    }

    /** One pass's clock: started now. */
    Pass start() {
        return new Pass(ticker.getAsLong());
    }

    /**
     * Forgets the pools this pass decided and remembers those it deferred. Pools it did not select (a pass for one
     * definition, after an event) keep their place: a short pass does not erase what a full pass still owes.
     */
    synchronized void finish(Set<PoolId> decided, Set<PoolId> deferredNow) {
        decided.forEach(id -> deferred.remove(key(id)));
        deferredNow.forEach(id -> deferred.add(key(id)));
    }

    final class Pass {
        private final long started;

        private Pass(long started) {
            this.started = started;
        }

        boolean over() {
            return ticker.getAsLong() - started >= deadline.toNanos();
        }

        Duration elapsed() {
            return Duration.ofNanos(ticker.getAsLong() - started);
        }
    }

    private static String key(PoolId id) {
        return id.toString().toLowerCase(Locale.ROOT);
    }
}
