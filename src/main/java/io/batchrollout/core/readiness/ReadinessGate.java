package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageVersion;
import java.time.Instant;

/**
 * CONTRACT PLACEHOLDER (being written): the pure decision whether one image version can back one pool. No I/O:
 * everything it needs is passed in, read beforehand through the ports.
 */
public final class ReadinessGate {

    /** @param vmsPerReplica pool VMs one regional replica serves (VMS_PER_REPLICA) */
    public ReadinessGate(int vmsPerReplica) {
    }

    /**
     * Every reason the version cannot back the pool, or none.
     *
     * @param version        read with replication status
     * @param galleryAllowed whether the gallery is in ALLOWED_GALLERY_IDS
     */
    public Readiness evaluate(ImageDefinition definition, ImageVersion version, PoolTarget target,
                              boolean galleryAllowed, ProviderRegistration registration, Instant now) {
        throw new UnsupportedOperationException("not written yet");
    }
}
