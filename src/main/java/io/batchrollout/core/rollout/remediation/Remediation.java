package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.GalleryWrites;
import java.util.List;

/** What a pass does to one version for the pools that ask: one update, or nothing and why. */
public sealed interface Remediation {

    ImageVersionId version();

    /** The version's single update this pass: every change the asking pools need, in one PATCH. */
    record Update(ImageVersionId version, GalleryWrites.VersionUpdate update, List<RegionChange> changes) implements Remediation {
        public Update {
            changes = List.copyOf(changes);
        }

        public String text() {
            return String.join("; ", changes.stream().map(c -> c.text(version.versionName())).toList());
        }
    }

    record Nothing(ImageVersionId version, String why) implements Remediation {
    }
}
