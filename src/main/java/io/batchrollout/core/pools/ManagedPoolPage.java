package io.batchrollout.core.pools;

import java.util.List;
import java.util.Optional;

/** One page of managed pools across the configured accounts; {@code continuation} is opaque to clients. */
public record ManagedPoolPage(List<PoolSummary> pools, Optional<String> continuation) {
    public ManagedPoolPage {
        pools = List.copyOf(pools);
    }
}
