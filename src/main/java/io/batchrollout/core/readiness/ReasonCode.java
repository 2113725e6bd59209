package io.batchrollout.core.readiness;

/** Why an image version cannot back a pool yet (or ever). Stable names: they appear in API responses. */
public enum ReasonCode {
    /** The version's provisioningState is not Succeeded. */
    VERSION_NOT_SUCCEEDED,
    /** The version is not published to the pool's region at all. */
    REGION_NOT_TARGETED,
    /** Replication to the pool's region has not completed yet (Unknown or Replicating). */
    REPLICATION_IN_PROGRESS,
    /** Replication to the pool's region failed. */
    REPLICATION_FAILED,
    /** Fewer regional replicas than ceil(nodes / VMS_PER_REPLICA). */
    TOO_FEW_REPLICAS,
    /** Even 100 replicas (the gallery's maximum per region) cannot serve this many nodes. */
    POOL_TOO_LARGE_FOR_GALLERY,
    /** Batch builds nodes only from Generalized images. */
    IMAGE_NOT_GENERALIZED,
    /** The node agent SKU is for another OS than the image's. */
    NODE_AGENT_OS_MISMATCH,
    /** Azure reported the version for a policy violation (safetyProfile): it must never back a pool. */
    VERSION_REPORTED_FOR_POLICY_VIOLATION,
    /** The version's endOfLifeDate has passed. */
    VERSION_END_OF_LIFE,
    /** The gallery is not in ALLOWED_GALLERY_IDS. */
    GALLERY_NOT_ALLOWED,
    /** The gallery is in another subscription where Microsoft.Batch is not registered. */
    BATCH_PROVIDER_NOT_REGISTERED,
    /** The image definition or version does not exist. */
    IMAGE_NOT_FOUND,
    /** A tracked definition has no version that is not excluded from latest in the pool's region. */
    NO_ELIGIBLE_VERSION,
    /** The newest eligible versions read all failed, and older eligible versions were left unread to bound the reads. */
    CANDIDATE_LIMIT_REACHED
}
