package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.PoolMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a canary pool records of the candidate it proves, in its own metadata under {@link #PREFIX}: the version and
 * when its bake started (the first pass that saw the pool at rest on it, so at most one pass after its health gate
 * passed: the bake is never shorter than PROMOTION_BAKE), and, once decided, the verdict with its reason. Kept apart
 * from the rollout state so that the rollout's own writes (which replace the {@code rollout.} entries) leave it alone.
 * Like all metadata it is input: an entry that does not parse is reported and the bake starts over, never guessed at.
 */
public record BakeRecord(String version, Instant since, Optional<Verdict> verdict, Optional<String> reason) {
    public static final String PREFIX = PoolMetadata.PREFIX + "promotion.";
    public static final String VERSION = PREFIX + "version";
    public static final String SINCE = PREFIX + "since";
    public static final String VERDICT = PREFIX + "verdict";
    public static final String REASON = PREFIX + "reason";
    /** The longest version name the app writes (Major.Minor.Patch of three 10-digit numbers fits well inside). */
    private static final int MAX_VERSION_LENGTH = 40;

    /** How the candidate ended for this pool's definition. */
    public enum Verdict {
        PROMOTED, REJECTED
    }

    public BakeRecord {
        if (version == null || version.isBlank() || since == null) {
            throw new IllegalArgumentException("a bake record names its version and start");
        }
        verdict = verdict == null ? Optional.empty() : verdict;
        reason = reason == null ? Optional.empty() : reason;
    }

    public static BakeRecord started(String version, Instant since) {
        return new BakeRecord(version, since, Optional.empty(), Optional.empty());
    }

    public BakeRecord decided(Verdict verdict, String reason) {
        return new BakeRecord(version, since, Optional.of(verdict), Optional.of(reason));
    }

    /** What the metadata says: nothing, a record, or entries that cannot be read (with why). */
    public sealed interface Decoded {
        record Absent() implements Decoded {
        }

        record Present(BakeRecord record) implements Decoded {
        }

        record Unreadable(String reason) implements Decoded {
        }
    }

    public static Decoded decode(List<Metadata> metadata) {
        Map<String, String> app = PoolMetadata.split(metadata).appValues();
        String version = app.get(VERSION);
        String since = app.get(SINCE);
        if (version == null && since == null) {
            return new Decoded.Absent();
        }
        if (version == null || since == null) {
            return new Decoded.Unreadable((version == null ? VERSION : SINCE) + " is missing");
        }
        if (version.isBlank() || version.length() > MAX_VERSION_LENGTH || hasControl(version)) {
            return new Decoded.Unreadable(VERSION + " is not a version name");
        }
        Instant start;
        try {
            start = Instant.parse(since);
        } catch (DateTimeParseException e) {
            return new Decoded.Unreadable(SINCE + " '" + clip(since) + "' is not an ISO-8601 instant");
        }
        Optional<Verdict> verdict = Optional.empty();
        String v = app.get(VERDICT);
        if (v != null) {
            try {
                verdict = Optional.of(Verdict.valueOf(v));
            } catch (IllegalArgumentException e) {
                return new Decoded.Unreadable(VERDICT + " '" + clip(v) + "' is neither PROMOTED nor REJECTED");
            }
        }
        Optional<String> reason = Optional.ofNullable(app.get(REASON)).filter(r -> !hasControl(r));
        return new Decoded.Present(new BakeRecord(version, start, verdict, reason));
    }

    /** The record of a pool, if it has a readable one. */
    public static Optional<BakeRecord> of(List<Metadata> metadata) {
        return decode(metadata) instanceof Decoded.Present present ? Optional.of(present.record()) : Optional.empty();
    }

    public List<Metadata> toMetadata() {
        List<Metadata> out = new ArrayList<>(List.of(new Metadata(VERSION, version), new Metadata(SINCE, since.toString())));
        verdict.ifPresent(v -> out.add(new Metadata(VERDICT, v.name())));
        reason.ifPresent(r -> out.add(new Metadata(REASON, clip(r))));
        return List.copyOf(out);
    }

    /** The pool's metadata with this record in place of any earlier one; every other entry is kept. */
    public List<Metadata> writeInto(List<Metadata> current) {
        List<Metadata> others = current.stream().filter(m -> !m.name().toLowerCase(java.util.Locale.ROOT)
                .startsWith(PREFIX)).toList();
        return PoolMetadata.withAppEntries(others, toMetadata());
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static String clip(String text) {
        return text.length() <= PoolMetadata.MAX_VALUE_LENGTH ? text : text.substring(0, PoolMetadata.MAX_VALUE_LENGTH - 3) + "...";
    }
}
