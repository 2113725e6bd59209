package io.batchrollout.core.policy;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this app keeps a managed pool on: the image (a tracked definition or a pinned version) and how it rolls the
 * pool onto a new one. It lives in the pool's own metadata, under {@link PoolMetadata#PREFIX}, next to the caller's
 * entries: a pool without it is not managed by this app.
 */
public record RolloutPolicy(ImageRef image, RolloutStrategy strategy, boolean canary) {
    /** The tracked definition id or the pinned version id: the id's type says which. */
    public static final String IMAGE = PoolMetadata.PREFIX + "policy.image";
    public static final String STRATEGY = PoolMetadata.PREFIX + "policy.strategy";
    /**
     * "true" on a canary pool: it also rolls to the definition's candidates (versions excluded from latest) and its
     * health decides their promotion. Absent (pools written before it existed) means false; only "true" and "false"
     * are read, anything else makes the policy unreadable rather than guessed.
     */
    public static final String CANARY = PoolMetadata.PREFIX + "policy.canary";

    public RolloutPolicy {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(strategy, "strategy");
        if (canary && image instanceof ImageRef.Pinned) {
            // A pinned pool never rolls, so it can prove nothing about a new version.
            throw new IllegalArgumentException("a pinned pool cannot be a canary");
        }
    }

    /** A pool that is not a canary. */
    public RolloutPolicy(ImageRef image, RolloutStrategy strategy) {
        this(image, strategy, false);
    }

    /** A tracked canary: rolls to the definition's candidates and proves them. */
    public boolean seesCandidates() {
        return canary && image instanceof ImageRef.Tracked;
    }

    /** What a pool's metadata says about the policy. */
    public sealed interface Decoded {
        /** No policy entries: the pool is not managed by this app. */
        record Absent() implements Decoded {
        }

        record Present(RolloutPolicy policy) implements Decoded {
        }

        /** Policy entries that cannot be read (edited by hand?): named so it can be reported, never guessed at. */
        record Unreadable(String reason) implements Decoded {
        }
    }

    /** The app's metadata entries for this policy, in a fixed order. */
    public List<Metadata> toMetadata() {
        String id = image instanceof ImageRef.Pinned pinned ? pinned.version().toString() : image.definition().toString();
        // Written only when true: a pool that is not a canary keeps exactly the entries it had before the field existed.
        return canary
                ? List.of(new Metadata(IMAGE, id), new Metadata(STRATEGY, strategy.wireName()), new Metadata(CANARY, "true"))
                : List.of(new Metadata(IMAGE, id), new Metadata(STRATEGY, strategy.wireName()));
    }

    /** The policy of a pool, if it has a readable one. */
    public static Optional<RolloutPolicy> of(Pool pool) {
        return decode(pool.metadata()) instanceof Decoded.Present present ? Optional.of(present.policy()) : Optional.empty();
    }

    public static Decoded decode(List<Metadata> metadata) {
        Map<String, String> app = PoolMetadata.split(metadata).appValues();
        String image = app.get(IMAGE);
        String strategy = app.get(STRATEGY);
        if (image == null && strategy == null) {
            return new Decoded.Absent();
        }
        if (image == null) {
            return new Decoded.Unreadable(IMAGE + " is missing");
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            return new Decoded.Unreadable(IMAGE + ": " + e.getMessage());
        }
        if (strategy == null) {
            return new Decoded.Unreadable(STRATEGY + " is missing");
        }
        Optional<RolloutStrategy> parsed = RolloutStrategy.fromWireName(strategy);
        if (parsed.isEmpty()) {
            return new Decoded.Unreadable(STRATEGY + " '" + strategy + "' is neither "
                    + RolloutStrategy.IN_PLACE.wireName() + " nor " + RolloutStrategy.BLUE_GREEN.wireName());
        }
        String canary = app.get(CANARY);
        if (canary != null && !canary.equals("true") && !canary.equals("false")) {
            return new Decoded.Unreadable(CANARY + " '" + canary + "' is neither true nor false");
        }
        if ("true".equals(canary) && ref instanceof ImageRef.Pinned) {
            return new Decoded.Unreadable(CANARY + " is true on a pool pinned to a version: a canary must track its definition");
        }
        return new Decoded.Present(new RolloutPolicy(ref, parsed.get(), "true".equals(canary)));
    }

    /** The pool's list with this policy written into it; every other entry is kept where it is. */
    public List<Metadata> writeInto(List<Metadata> current) {
        List<Metadata> written = PoolMetadata.withAppEntries(current, toMetadata());
        // A pool adopted again as no canary drops the entry rather than keeping a stale "true".
        return canary ? written : written.stream().filter(m -> !CANARY.equalsIgnoreCase(m.name())).toList();
    }
}
