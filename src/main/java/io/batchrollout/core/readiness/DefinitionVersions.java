package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A definition as the drift report shows it: every listed version (the list carries publishing and end-of-life dates,
 * not replication), and the newest few read one by one with replication status, each with the readiness gate's verdict
 * for every target asked about.
 *
 * @param definition empty when the definition was not found or not read ({@code note} says why)
 * @param listed     every version the list returned, newest first (Major.Minor.Patch; other names last)
 * @param newest     the newest few, read with replication status, newest first
 * @param note       why nothing was read (gallery not allowed, definition not found); empty otherwise
 */
public record DefinitionVersions(ImageDefinitionId id, Optional<ImageDefinition> definition, List<ImageVersion> listed,
                                 List<Read> newest, Optional<String> note) {

    public DefinitionVersions {
        listed = List.copyOf(listed);
        newest = List.copyOf(newest);
    }

    /** One version read with replication status, and its readiness for each target, in the order asked. */
    public record Read(ImageVersion version, List<Readiness> readiness) {
        public Read {
            readiness = List.copyOf(readiness);
        }
    }

    public static DefinitionVersions notRead(ImageDefinitionId id, String why) {
        return new DefinitionVersions(id, Optional.empty(), List.of(), List.of(), Optional.of(why));
    }

    /** Highest Major.Minor.Patch first; names that are not versions after them, by name. */
    public static final Comparator<ImageVersion> NEWEST_FIRST = Comparator
            .<ImageVersion, Optional<SemanticVersion>>comparing(v -> SemanticVersion.parse(v.id().versionName()),
                    (a, b) -> a.isPresent() && b.isPresent() ? b.get().compareTo(a.get())
                            : Boolean.compare(b.isPresent(), a.isPresent()))
            .thenComparing(v -> v.id().versionName());

    /**
     * The gallery's "latest" regardless of region: the highest Major.Minor.Patch not excluded from latest as a whole.
     * Empty when no listed version qualifies.
     */
    public Optional<ImageVersion> newestVersion() {
        return listed.stream().filter(v -> SemanticVersion.parse(v.id().versionName()).isPresent())
                .filter(v -> !v.excludeFromLatest()).findFirst();
    }

    /** The listed version with this id (any case), for its dates. */
    public Optional<ImageVersion> listedVersion(String versionId) {
        return listed.stream().filter(v -> v.id().toString().equalsIgnoreCase(versionId)).findFirst();
    }
}
