package io.batchrollout.core.policy;

import io.batchrollout.core.model.Metadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pool's metadata list holds two kinds of entries: the app's, all named under {@link #PREFIX} (the rollout policy
 * now, rollout state later), and the caller's own, which the app never changes, reorders or drops. Batch replaces the
 * whole list on every update, so writers always split, change the app's part and merge back.
 *
 * <p>Batch publishes no numeric limits on metadata, only the refusals {@code MetadataTooLarge} ("the size of the
 * metadata exceeds the maximum permitted") and {@code InvalidMetadata} ("contains invalid characters"). The limits
 * here are this app's own, chosen well inside anything Batch is known to accept, and leave room for the app's entries.
 */
public final class PoolMetadata {
    /** Every entry the app writes is named with this prefix; callers may not use it (compared ignoring case). */
    public static final String PREFIX = "batch-image-rollout.";

    /** Caller entries a pool may carry through this app. */
    public static final int MAX_CALLER_ENTRIES = 32;
    /** Characters of a metadata name: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Characters of a metadata value; control characters are refused. */
    public static final int MAX_VALUE_LENGTH = 1024;
    /** Characters of all caller names and values together. */
    public static final int MAX_CALLER_TOTAL_LENGTH = 8 * 1024;

    private PoolMetadata() {
    }

    /** The app's entries and the caller's, each in the order the pool lists them. */
    public record Split(List<Metadata> app, List<Metadata> caller) {
        public Split {
            app = List.copyOf(app);
            caller = List.copyOf(caller);
        }

        /** The app's entries by name (the first of a repeated name wins, as {@code Pool.metadataValue} reads it). */
        public Map<String, String> appValues() {
            Map<String, String> values = new LinkedHashMap<>();
            app.forEach(m -> values.putIfAbsent(m.name(), m.value()));
            return values;
        }
    }

    public static boolean isAppEntry(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    public static Split split(List<Metadata> metadata) {
        List<Metadata> app = new ArrayList<>();
        List<Metadata> caller = new ArrayList<>();
        for (Metadata m : metadata) {
            (isAppEntry(m.name()) ? app : caller).add(m);
        }
        return new Split(app, caller);
    }

    /** The full list to write: the caller's entries untouched and in order, then the app's. */
    public static List<Metadata> merge(List<Metadata> caller, List<Metadata> app) {
        for (Metadata m : caller) {
            if (isAppEntry(m.name())) {
                throw new IllegalArgumentException("caller metadata '" + m.name() + "' uses the app's prefix " + PREFIX);
            }
        }
        for (Metadata m : app) {
            if (!isAppEntry(m.name())) {
                throw new IllegalArgumentException("app metadata '" + m.name() + "' lacks the prefix " + PREFIX);
            }
        }
        List<Metadata> all = new ArrayList<>(caller);
        all.addAll(app);
        return List.copyOf(all);
    }

    /**
     * The pool's list with the given app entries set: an app entry of the same name is replaced where it stands,
     * a new one is appended, every other entry (the caller's and the app's other ones) is kept as it is.
     */
    public static List<Metadata> withAppEntries(List<Metadata> current, List<Metadata> updates) {
        Map<String, String> pending = new LinkedHashMap<>();
        for (Metadata m : updates) {
            if (!isAppEntry(m.name())) {
                throw new IllegalArgumentException("app metadata '" + m.name() + "' lacks the prefix " + PREFIX);
            }
            pending.put(m.name(), m.value());
        }
        Map<String, String> all = Map.copyOf(pending);
        List<Metadata> result = new ArrayList<>();
        for (Metadata m : current) {
            if (!all.containsKey(m.name())) {
                result.add(m);
            } else if (pending.containsKey(m.name())) {
                result.add(new Metadata(m.name(), pending.remove(m.name())));
            }
            // a repeated app name already set above is dropped: one entry per name from now on
        }
        pending.forEach((name, value) -> result.add(new Metadata(name, value)));
        return List.copyOf(result);
    }
}
