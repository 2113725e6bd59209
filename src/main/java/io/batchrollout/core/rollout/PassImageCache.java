package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.readiness.DefinitionVersions;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.PoolTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The image choices of one pass: pools that track the same image at the same size in the same account get the same
 * answer, so the gallery is read once for them, not once per pool. Lives for one pass only, because versions replicate
 * and appear between passes.
 */
final class PassImageCache implements ImageResolver {
    private record Key(ImageRef image, PoolTarget target, String running) {
    }

    private final ImageResolver resolver;
    private final Map<Key, ImageChoice> choices = new HashMap<>();

    PassImageCache(ImageResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public ImageChoice resolve(ImageRef image, PoolTarget target) {
        return choices.computeIfAbsent(new Key(image, target, ""), k -> resolver.resolve(image, target));
    }

    /** Keyed by the running version too: the answer for a pool already on the newest version may be read from less. */
    @Override
    public ImageChoice resolveRunning(ImageRef image, PoolTarget target, String runningImageId) {
        String running = runningImageId == null ? "" : runningImageId.toLowerCase(java.util.Locale.ROOT);
        return choices.computeIfAbsent(new Key(image, target, "running " + running),
                k -> resolver.resolveRunning(image, target, runningImageId));
    }

    @Override
    public DefinitionVersions newestVersions(ImageDefinitionId definition, int count, List<PoolTarget> targets) {
        return resolver.newestVersions(definition, count, targets);
    }

    @Override
    public Optional<List<ImageVersion>> listedVersions(ImageDefinitionId definition) {
        return resolver.listedVersions(definition);
    }

    @Override
    public Optional<ImageVersion> versionAsRead(io.batchrollout.core.model.ImageVersionId version) {
        return resolver.versionAsRead(version);
    }
}
