package io.batchrollout.port;

import io.batchrollout.core.model.ImageVersionId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the core may change in an Azure Compute Gallery: one image version's publishing profile and tags. Kept apart
 * from {@link ImageGallery} (reads) so only the features that write (replica remediation, gated promotion) need it,
 * and the app's identity holds the write permission only when one of them is on.
 */
public interface GalleryWrites {

    /**
     * GalleryImageVersions_Update (PATCH, api-version 2024-03-03). Compute Gallery gives a version no ETag and the
     * update no If-Match, so the adapter reads the version again right before the PATCH and refuses with
     * {@link AzureCallException.PreconditionFailed} when {@code update.etag()} no longer matches what it reads (Azure's
     * ETag if Azure ever sends one, else the fingerprint {@link io.batchrollout.core.model.ImageVersion#etag()} carries).
     * Every field of a kept target region the update does not name (encryption, additional replica sets...) is sent
     * back as read. Returns once Azure has accepted the long-running update, without waiting for replication; any
     * refusal leaves as an {@link AzureCallException}.
     */
    void updateVersion(ImageVersionId version, VersionUpdate update);

    /**
     * @param etag          {@link io.batchrollout.core.model.ImageVersion#etag()} as read; null skips the check
     * @param targetRegions the WHOLE list to send (every region kept), in the order to send it
     * @param excludeFromLatest the version-level flag, when it changes
     * @param tagsToSet     merged into the version's existing tags (empty: tags untouched)
     */
    record VersionUpdate(String etag, Optional<List<TargetRegion>> targetRegions, Optional<Boolean> excludeFromLatest,
                         Map<String, String> tagsToSet) {
        public VersionUpdate {
            targetRegions = Objects.requireNonNull(targetRegions).map(List::copyOf);
            excludeFromLatest = Objects.requireNonNull(excludeFromLatest);
            tagsToSet = Map.copyOf(tagsToSet);
        }
    }

    /** One target region as sent; absent optionals are sent as read (a new region: Azure's defaults). */
    record TargetRegion(String name, int regionalReplicaCount, Optional<String> storageAccountType,
                        Optional<Boolean> excludeFromLatest) {
        public TargetRegion {
            Objects.requireNonNull(name);
            Objects.requireNonNull(storageAccountType);
            Objects.requireNonNull(excludeFromLatest);
        }
    }
}
