package io.batchrollout.core.capacity;

import io.batchrollout.core.model.RegionName;
import io.batchrollout.port.BatchVmSkus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch's supported VM sizes per (subscription, region), kept for the process and read again once older than
 * {@code refreshAfter}: Azure adds or retires sizes in a region rarely, and a blue-green start should not pay for a
 * full, paged list each time. A failed read is never remembered (the caller sees the failure; the next call reads
 * again), and an expired list is replaced only by a successful read.
 */
public final class VmSkuCatalog {
    /** Sizes change on the scale of weeks; six hours keeps a retired size from being offered for long. */
    public static final Duration DEFAULT_REFRESH = Duration.ofHours(6);

    private record Entry(RegionSkus skus, Instant readAt) {
    }

    private final BatchVmSkus source;
    private final Clock clock;
    private final Duration refreshAfter;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public VmSkuCatalog(BatchVmSkus source, Clock clock, Duration refreshAfter) {
        if (refreshAfter.isNegative() || refreshAfter.isZero()) {
            throw new IllegalArgumentException("refreshAfter must be positive: " + refreshAfter);
        }
        this.source = source;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
    }

    public VmSkuCatalog(BatchVmSkus source, Clock clock) {
        this(source, clock, DEFAULT_REFRESH);
    }

    /** The region's sizes, from memory while fresh; throws what the source throws when a read fails. */
    public RegionSkus skus(String subscriptionId, String location) {
        String region = RegionName.normalize(location);
        String key = subscriptionId.toLowerCase(Locale.ROOT) + "/" + region;
        Instant now = clock.instant();
        Entry known = entries.get(key);
        if (known != null && now.isBefore(known.readAt().plus(refreshAfter))) {
            return known.skus();
        }
        RegionSkus read = new RegionSkus(region, source.supportedVmSkus(subscriptionId, region));
        entries.put(key, new Entry(read, now));
        return read;
    }
}
