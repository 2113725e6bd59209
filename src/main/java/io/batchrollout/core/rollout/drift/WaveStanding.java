package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.PoolReads;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.waves.ImageWaves;
import io.batchrollout.port.AzureCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a pool stands in its image definition's wave, for getPool: nothing about waiting is written on the pool, so it
 * is derived here from the pools listed across the configured accounts, with the same {@link ImageWaves} a pass and
 * the drift report use, and the image choice read through one pass's shared gallery reads (the definition, its version
 * list and the candidates it needs, whatever the number of pools asked about).
 *
 * @param position   1 for the pool that starts first when a slot frees
 * @param of         pools of the definition at rest whose newest ready version is not the one they run
 * @param inProgress "pool on version" for each rollout of the definition holding a slot
 * @param reason     why this pool does not start now (the pass's words)
 */
public record WaveStanding(int position, int of, List<String> inProgress, String reason) {

    public WaveStanding {
        inProgress = List.copyOf(inProgress);
    }

    /** Whether {@code pool} could be waiting at all (tracked, at rest, not paused): only then is the fleet listed. */
    public static boolean mayWait(Pool pool) {
        return RolloutPolicy.of(pool).filter(p -> p.image() instanceof ImageRef.Tracked).isPresent()
                && RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && RolloutDecider.needsImage(RolloutPolicy.of(pool).get(), present.state());
    }

    /**
     * The standing of {@code pool}, or empty when it is not waiting in a wave (pinned, mid-rollout, paused, in sync,
     * blocked by the gate, or free to start on the next pass).
     *
     * @param everyPool      every pool listed in the configured accounts, managed or not
     * @param unreadAccounts accounts that could not be listed (no rollout of any definition starts then)
     * @param accounts       the account of a listed pool (cached per process)
     * @param images         a resolver for this one answer ({@link ImageResolver#forPass()})
     */
    public static Optional<WaveStanding> of(Pool pool, List<Pool> everyPool, List<String> unreadAccounts, int limit,
                                            Function<BatchAccountId, BatchAccount> accounts, ImageResolver images) {
        Optional<RolloutPolicy> policy = RolloutPolicy.of(pool);
        Optional<String> chosen = policy.flatMap(p -> waitingFor(pool, p, accounts, images));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        ImageDefinitionId definition = policy.get().image().definition();
        ImageWave wave = ImageWaves.of(everyPool, limit, unreadAccounts).of(definition);
        Optional<ImageWave.HoldBack> held = wave.holdBack(pool.id(), chosen.get());
        if (held.isEmpty()) {
            return Optional.empty();
        }
        List<Pool> queue = new ArrayList<>();
        for (Pool other : everyPool.stream().sorted(ImageWaves.ORDER).toList()) {
            boolean same = RolloutPolicy.of(other).filter(p -> p.image().definition().toString()
                    .equalsIgnoreCase(definition.toString())).isPresent();
            if (same && (other.id().toString().equalsIgnoreCase(pool.id().toString())
                    || waitingFor(other, RolloutPolicy.of(other).get(), accounts, images).isPresent())) {
                queue.add(other);
            }
        }
        int position = 1 + (int) queue.stream()
                .takeWhile(p -> !p.id().toString().equalsIgnoreCase(pool.id().toString())).count();
        return Optional.of(new WaveStanding(position, queue.size(),
                wave.inFlight().stream().map(f -> f.pool().poolName() + " on " + f.version()).toList(), held.get().now()));
    }

    /**
     * The version the pool would roll to if a slot were free: tracked, at rest and not paused, its newest ready version
     * newer than the one it runs and not rejected on it. A failed read counts as not waiting (getPool still answers).
     */
    private static Optional<String> waitingFor(Pool pool, RolloutPolicy policy, Function<BatchAccountId, BatchAccount> accounts,
                                               ImageResolver images) {
        if (!(policy.image() instanceof ImageRef.Tracked)
                || !(RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present)
                || !RolloutDecider.needsImage(policy, present.state()) || TamperedState.isTampered(present.state())) {
            return Optional.empty();
        }
        ImageChoice choice;
        try {
            choice = images.resolveRunning(policy.image(), PoolReads.target(accounts.apply(pool.id().account()), pool),
                    pool.imageReferenceId());
        } catch (AzureCallException unread) {
            return Optional.empty();
        }
        if (!(choice instanceof ImageChoice.Ready ready)
                || ready.version().id().toString().equalsIgnoreCase(pool.imageReferenceId())) {
            return Optional.empty();
        }
        String name = ready.version().id().versionName();
        Optional<SemanticVersion> on = SemanticVersion.parse(PoolFacts.versionName(pool.imageReferenceId()));
        Optional<SemanticVersion> offered = SemanticVersion.parse(name);
        boolean older = on.isPresent() && offered.isPresent() && offered.get().compareTo(on.get()) < 0;
        return present.state().isRejected(name) || older ? Optional.empty() : Optional.of(name);
    }
}
