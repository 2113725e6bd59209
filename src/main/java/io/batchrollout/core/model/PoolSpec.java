package io.batchrollout.core.model;

import java.util.List;
import java.util.Optional;

/** What a new pool is created with. */
public record PoolSpec(String vmSize, String imageReferenceId, String nodeAgentSkuId, ScaleSettings scaleSettings,
                       Optional<StartTask> startTask, List<Metadata> metadata) {
    public PoolSpec {
        metadata = List.copyOf(metadata);
    }
}
