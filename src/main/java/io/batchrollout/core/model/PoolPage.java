package io.batchrollout.core.model;

import java.util.List;
import java.util.Optional;

/**
 * One page of an account's pools as Resource Manager returns it. {@code nextLink} is ARM's absolute URL of the next
 * page; it is only ever followed after checking it points at the same account's pools on the configured endpoint.
 */
public record PoolPage(List<Pool> pools, Optional<String> nextLink) {
    public PoolPage {
        pools = List.copyOf(pools);
    }
}
