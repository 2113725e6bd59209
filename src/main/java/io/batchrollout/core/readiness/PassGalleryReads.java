package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.ImageGallery;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The gallery as one pass sees it: each definition, version list and version is read at most once, whatever the number
 * of pools that ask. What a pool needs (replicas for its size, its region) is then evaluated in memory from these
 * answers, so a pass's gallery reads grow with the definitions in use, not with the pools. A failed read is remembered
 * too: a throttled definition is not asked again by each of its pools. Lives for one pass (versions replicate and
 * appear between passes); the dry-run plan ({@code core.rollout.plan}) makes one per plan. Thread-safe: a pass warms
 * it from several threads ({@code FleetSnapshot.warm}), and a key asked twice at once is still read once (the second
 * caller waits for the first).
 */
public final class PassGalleryReads implements ImageGallery {
    private final ImageGallery gallery;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** One key's answer, read by the first caller; later callers wait on the same monitor. */
    private static final class Answer {
        private Object value;

        synchronized Object get(Supplier<?> read) {
            if (value == null) {
                try {
                    value = read.get();
                } catch (AzureCallException failed) {
                    value = failed;
                }
            }
            return value;
        }

        synchronized Object peek() {
            return value;
        }
    }

    public PassGalleryReads(ImageGallery gallery) {
        this.gallery = gallery;
    }

    @Override
    public Optional<ImageDefinition> imageDefinition(ImageDefinitionId id) {
        return once("d " + id, () -> gallery.imageDefinition(id));
    }

    @Override
    public List<ImageVersion> versions(ImageDefinitionId id) {
        return once("l " + id, () -> gallery.versions(id));
    }

    @Override
    public Optional<ImageVersion> version(ImageVersionId id) {
        return once("v " + id, () -> gallery.version(id));
    }

    /** The version list if this pass already read it (not a failure), without reading. */
    @SuppressWarnings("unchecked")
    Optional<List<ImageVersion>> versionsIfRead(ImageDefinitionId id) {
        Answer answer = answers.get(("l " + id).toLowerCase(Locale.ROOT));
        Object known = answer == null ? null : answer.peek();
        return known instanceof List<?> list ? Optional.of((List<ImageVersion>) list) : Optional.empty();
    }

    /** The version if this pass already read it (not a failure, not absent), without reading. */
    @SuppressWarnings("unchecked")
    Optional<ImageVersion> versionIfRead(ImageVersionId id) {
        Answer answer = answers.get(("v " + id).toLowerCase(Locale.ROOT));
        Object known = answer == null ? null : answer.peek();
        return known instanceof Optional<?> read ? (Optional<ImageVersion>) read : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Supplier<T> read) {
        Object known = answers.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new Answer()).get(read);
        if (known instanceof AzureCallException failed) {
            throw failed;
        }
        return (T) known;
    }
}
