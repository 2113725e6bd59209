package io.batchrollout.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The changes Batch accepts on a live pool. An absent field is left as it is; a present metadata list replaces
 * the whole list (Batch has no per-entry update), so callers always send the full list.
 */
public record PoolUpdate(Optional<ScaleSettings> scaleSettings, Optional<List<Metadata>> metadata,
                         Optional<StartTask> startTask) {

    public static PoolUpdate scale(ScaleSettings scale) {
        return new PoolUpdate(Optional.of(scale), Optional.empty(), Optional.empty());
    }

    public static PoolUpdate metadata(List<Metadata> metadata) {
        return new PoolUpdate(Optional.empty(), Optional.of(List.copyOf(metadata)), Optional.empty());
    }

    public PoolUpdate withMetadata(List<Metadata> metadata) {
        return new PoolUpdate(scaleSettings, Optional.of(List.copyOf(metadata)), startTask);
    }
}
