package io.batchrollout.core.capacity;

import io.batchrollout.core.model.VmSku;
import java.util.List;
import java.util.Optional;

/** The VM sizes Batch supports in one region of one subscription, as listed at one moment. */
public record RegionSkus(String location, List<VmSku> skus) {

    public RegionSkus {
        skus = List.copyOf(skus);
    }

    public Optional<VmSku> find(String vmSize) {
        return skus.stream().filter(s -> s.is(vmSize)).findFirst();
    }
}
