package io.batchrollout.sim.batch;

import io.batchrollout.sim.SimArmId;
import io.batchrollout.sim.SimRegions;
import io.batchrollout.sim.gallery.GalleryLookup;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image facts scripted by a test, for testing the Batch part without the gallery part: definitions and versions
 * with their per-region replication, and a broken flag. "Latest" follows the contract: highest Major.Minor.Patch
 * whose replication in the region is Completed. Ids are ARM id strings (a test passes its typed ids' text).
 */
public final class FixedGalleryLookup implements GalleryLookup {
    private final Map<String, DefinitionFacts> definitions = new ConcurrentHashMap<>();
    private final Map<String, VersionFacts> versions = new ConcurrentHashMap<>();

    public FixedGalleryLookup definition(String id, String osType, String osState) {
        definitions.put(key(id), new DefinitionFacts(id, osType, osState, "V2"));
        return this;
    }

    /** A version whose replication state per region is given as "westeurope", "Completed", ... pairs. */
    public FixedGalleryLookup version(String id, String... regionStatePairs) {
        Map<String, String> replication = new LinkedHashMap<>();
        for (int i = 0; i + 1 < regionStatePairs.length; i += 2) {
            replication.put(SimRegions.normalize(regionStatePairs[i]), regionStatePairs[i + 1]);
        }
        versions.put(key(id), new VersionFacts(id, "Succeeded", Map.copyOf(replication), false));
        return this;
    }

    public FixedGalleryLookup markBroken(String id) {
        versions.computeIfPresent(key(id), (k, v) ->
                new VersionFacts(v.id(), v.provisioningState(), v.replicationByRegion(), true));
        return this;
    }

    @Override
    public Optional<VersionFacts> version(String versionId) {
        return Optional.ofNullable(versions.get(key(versionId)));
    }

    @Override
    public Optional<DefinitionFacts> definition(String definitionId) {
        return Optional.ofNullable(definitions.get(key(definitionId)));
    }

    @Override
    public Optional<String> latestVersionId(String definitionId, String normalizedRegion) {
        String prefix = key(definitionId) + "/versions/";
        return versions.values().stream()
                .filter(v -> key(v.id()).startsWith(prefix) && v.completedIn(normalizedRegion))
                .max(Comparator.comparing(v -> semver(SimArmId.read(v.id()).orElseThrow().name())))
                .map(VersionFacts::id);
    }

    private static String semver(String version) {
        StringBuilder sortable = new StringBuilder();
        for (String part : version.split("\\.")) {
            sortable.append(String.format("%010d", Long.parseLong(part)));
        }
        return sortable.toString();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
