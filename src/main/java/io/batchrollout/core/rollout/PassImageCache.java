package io.batchrollout.core.rollout;

import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.PoolTarget;
import java.util.HashMap;
import java.util.Map;

/**
 * The image choices of one pass: pools that track the same image at the same size in the same account get the same
 * answer, so the gallery is read once for them, not once per pool. Lives for one pass only, because versions replicate
 * and appear between passes.
 */
final class PassImageCache implements ImageResolver {
    private record Key(ImageRef image, PoolTarget target) {
    }

    private final ImageResolver resolver;
    private final Map<Key, ImageChoice> choices = new HashMap<>();

    PassImageCache(ImageResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public ImageChoice resolve(ImageRef image, PoolTarget target) {
        Key key = new Key(image, target);
        ImageChoice known = choices.get(key);
        if (known != null) {
            return known;
        }
        ImageChoice choice = resolver.resolve(image, target);
        choices.put(key, choice);
        return choice;
    }
}
