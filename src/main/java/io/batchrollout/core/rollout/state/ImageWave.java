package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.PoolId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The wave facts of one image definition for one pass, computed from every configured account's listed pools
 * ({@link io.batchrollout.core.rollout.waves.ImageWaves}) and handed to the pure decider: how many pools tracking the definition are mid-rollout, which
 * versions a pool of the definition rejected, and whether every account could be listed. A pool at rest consults it
 * only when it would start a rollout, so a waiting pool costs no read and no write.
 *
 * @param definition     the definition's name, for the decision text
 * @param limit          MAX_ROLLOUTS_PER_IMAGE: pools of the definition that may be mid-rollout at once
 * @param inFlight       pools of the definition mid-rollout (any phase but STABLE, BLOCKED and a candidate's CANDIDATE)
 * @param rejections     versions of the definition that a pool rejected (its health gate failed, or an operator rolled
 *                       it back), until an operator retries them there
 * @param unreadAccounts accounts whose pools this pass could not list: they may hold rollouts of the definition, so
 *                       nothing is counted safely and no rollout starts
 */
public record ImageWave(String definition, int limit, List<InFlight> inFlight, List<Rejection> rejections,
                        List<String> unreadAccounts) {
    /** The app's default for MAX_ROLLOUTS_PER_IMAGE: one canary pool at a time. */
    public static final int DEFAULT_LIMIT = 1;

    /**
     * Benchmark only ({@code FleetBenchmark}'s baseline): write a "waiting to roll" record on each waiting pool, as the
     * engine did before waiting was derived from the snapshot. Never set by the app.
     */
    public static volatile boolean RECORD_WAITING_FOR_BASELINE = false;

    /** How a halt's recorded decision begins: notifications tell a halt from other resting decisions by it. */
    public static final String HALTED = "halted: ";

    public record InFlight(PoolId pool, String version) {
    }

    public record Rejection(PoolId pool, String version) {
    }

    public ImageWave {
        if (limit < 1) {
            throw new IllegalArgumentException("a wave lets at least one pool roll at a time");
        }
        inFlight = List.copyOf(inFlight);
        rejections = List.copyOf(rejections);
        unreadAccounts = List.copyOf(unreadAccounts);
    }

    /** No limit, no rejection elsewhere: the decider's view when a caller passes no wave (tests of other rules). */
    public static ImageWave unlimited() {
        return new ImageWave("", Integer.MAX_VALUE, List.of(), List.of(), List.of());
    }

    /**
     * Why a pool does not start now.
     *
     * @param now     this pass's words, for the log (which pools hold the slots)
     * @param lasting the words recorded on the pool for getPool, which stay the same while the reason does, so the
     *                pool is written once when it starts waiting or is halted, not on every pass; empty for a reason
     *                that lasts one pass (an unread account), which is not recorded
     */
    public record HoldBack(String now, Optional<String> lasting) {
    }

    /**
     * Why {@code pool} may not start a rollout to {@code version} now, or empty when it may. A version rejected on
     * another pool halts first (its own rejection is the decider's older rule); then an unread account; then the slots.
     */
    public Optional<HoldBack> holdBack(PoolId pool, String version) {
        Optional<Rejection> failed = rejections.stream()
                .filter(r -> r.version().equals(version) && !same(r.pool(), pool)).findFirst();
        if (failed.isPresent()) {
            String where = failed.get().pool().poolName();
            String halted = HALTED + version + " failed the health gate on pool " + where + " (or an operator "
                    + "rolled it back there, or Azure refused it there); an operator `retry` on " + where + " clears it";
            return Optional.of(new HoldBack(halted, Optional.of(halted)));
        }
        if (!unreadAccounts.isEmpty()) {
            return Optional.of(new HoldBack("waiting: account " + String.join(", ", unreadAccounts) + " could not be "
                    + "listed this pass, so the rollouts of " + definition + " in progress cannot be counted; no rollout of "
                    + definition + " starts until every account is read", Optional.empty()));
        }
        if (inFlight.size() >= limit) {
            // Not recorded: being in the queue is recomputed from the listed pools by every pass, getPool and the drift
            // report, so a new version on many definitions writes only to the pools that start now.
            Optional<String> lasting = RECORD_WAITING_FOR_BASELINE ? Optional.of("waiting to roll to " + version
                    + ": at most " + limit + " pool(s) of " + definition + " roll at a time (MAX_ROLLOUTS_PER_IMAGE), "
                    + "smaller pools first") : Optional.empty();
            return Optional.of(new HoldBack("waiting to roll to " + version + ": " + inFlight.size() + " of " + limit
                    + " rollouts of " + definition + " in progress (" + inFlight.stream().map(f -> "pool "
                    + f.pool().poolName() + " on " + f.version()).collect(Collectors.joining(", ")) + "); at most "
                    + limit + " roll at a time (MAX_ROLLOUTS_PER_IMAGE), smaller pools first", lasting));
        }
        return Optional.empty();
    }

    /** The same wave with {@code pool} mid-rollout: what the rest of the pass sees after it started. */
    public ImageWave started(PoolId pool, String version) {
        List<InFlight> more = new ArrayList<>(inFlight);
        more.add(new InFlight(pool, version));
        return new ImageWave(definition, limit, more, rejections, unreadAccounts);
    }

    private static boolean same(PoolId a, PoolId b) {
        return a.toString().equalsIgnoreCase(b.toString());
    }
}
