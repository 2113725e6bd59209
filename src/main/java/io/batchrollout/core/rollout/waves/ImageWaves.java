package io.batchrollout.core.rollout.waves;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The waves of one pass: for every image definition, the {@link ImageWave} computed from the pools of every configured
 * account, kept up to date as the pass starts rollouts. A pass decides the pools in {@link #ORDER}, so the first pool
 * of a definition that can start takes the free slot and every later one sees it taken.
 *
 * <p>Concurrency: nothing locks a slot in Azure. Two passes running at once read the same pools and walk them in the
 * same order, so they pick the same pool; the second write then fails on the pool's ETag (412) and that pass re-reads
 * on its next run. Only passes that read different states (one sees a start the other does not) can each start a
 * different pool: the limit may then be exceeded by the pools started in that one overlap, never more.
 */
public final class ImageWaves {
    /**
     * The canary first: least capacity at risk (planned nodes), then account id, then pool name, ignoring case as Batch
     * and ARM do. Deterministic, so concurrent passes agree on which waiting pool goes next.
     */
    public static final Comparator<Pool> ORDER = Comparator.comparingInt(PlannedNodes::total)
            .thenComparing(p -> p.id().account().toString().toLowerCase(Locale.ROOT))
            .thenComparing(p -> p.id().poolName().toLowerCase(Locale.ROOT));

    private final Map<String, ImageWave> waves = new HashMap<>();
    private final int limit;
    private final List<String> unreadAccounts;

    private ImageWaves(int limit, List<String> unreadAccounts) {
        this.limit = limit;
        this.unreadAccounts = List.copyOf(unreadAccounts);
    }

    /**
     * From every listed pool, whatever the pass's selection: a pass for one definition still counts all its pools. A
     * blue-green candidate (phase CANDIDATE) belongs to the pool it replaces, which carries the rollout: not counted.
     * A pool whose state cannot be read is not counted (the pass reports it as UNREADABLE).
     */
    public static ImageWaves of(List<Pool> listed, int limit, List<String> unreadAccounts) {
        ImageWaves book = new ImageWaves(limit, unreadAccounts);
        Map<String, List<ImageWave.InFlight>> inFlight = new HashMap<>();
        Map<String, List<ImageWave.Rejection>> rejections = new HashMap<>();
        Map<String, ImageDefinitionId> definitions = new HashMap<>();
        for (Pool pool : listed.stream().sorted(ORDER).toList()) {
            Optional<RolloutPolicy> policy = RolloutPolicy.of(pool);
            if (policy.isEmpty() || !(RolloutStateCodec.decode(pool.metadata())
                    instanceof RolloutStateCodec.Decoded.Present present)) {
                continue;
            }
            RolloutState state = present.state();
            ImageDefinitionId definition = policy.get().image().definition();
            String key = key(definition);
            definitions.putIfAbsent(key, definition);
            if (state.phase().inProgress() && state.phase() != RolloutPhase.CANDIDATE) {
                inFlight.computeIfAbsent(key, k -> new ArrayList<>()).add(new ImageWave.InFlight(pool.id(),
                        state.target().map(PoolFacts::versionName).orElse("?")));
            }
            for (String version : state.rejected()) {
                rejections.computeIfAbsent(key, k -> new ArrayList<>()).add(new ImageWave.Rejection(pool.id(), version));
            }
        }
        definitions.forEach((key, definition) -> book.waves.put(key, new ImageWave(definition.imageName(), limit,
                inFlight.getOrDefault(key, List.of()), rejections.getOrDefault(key, List.of()), book.unreadAccounts)));
        return book;
    }

    public ImageWave of(ImageDefinitionId definition) {
        ImageWave wave = waves.get(key(definition));
        return wave != null ? wave
                : new ImageWave(definition.imageName(), limit, List.of(), List.of(), unreadAccounts);
    }

    /** {@code pool} started a rollout to {@code version} this pass: its slot is taken for the rest of the pass. */
    public void started(ImageDefinitionId definition, PoolId pool, String version) {
        waves.put(key(definition), of(definition).started(pool, version));
    }

    private static String key(ImageDefinitionId definition) {
        return definition.toString().toLowerCase(Locale.ROOT);
    }
}
