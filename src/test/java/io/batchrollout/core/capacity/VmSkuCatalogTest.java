package io.batchrollout.core.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.core.model.VmSku;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchVmSkus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SKU list is read once per subscription and region, again after the refresh interval, never kept when failed. */
class VmSkuCatalogTest {
    static final class CountingSkus implements BatchVmSkus {
        final List<String> reads = new ArrayList<>();
        boolean failNext;

        @Override
        public List<VmSku> supportedVmSkus(String subscriptionId, String location) {
            reads.add(subscriptionId + "/" + location);
            if (failNext) {
                failNext = false;
                throw new AzureCallException.Throttled(429, "TooManyRequests", "throttled", Duration.ofSeconds(5), null);
            }
            return List.of(new VmSku("Standard_D2s_v3", "standardDSv3Family", 2));
        }
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final CountingSkus source = new CountingSkus();
    final MovableClock clock = new MovableClock();
    final VmSkuCatalog catalog = new VmSkuCatalog(source, clock);

    @Test
    void theListIsReadOncePerSubscriptionAndRegionUntilItIsSixHoursOld() {
        RegionSkus first = catalog.skus("sub-a", "North Europe");
        clock.now = clock.now.plus(Duration.ofHours(5).plusMinutes(59));
        assertSame(first, catalog.skus("SUB-A", "northeurope"), "same subscription and region, however spelled");
        catalog.skus("sub-b", "northeurope");
        catalog.skus("sub-a", "westeurope");
        assertEquals(List.of("sub-a/northeurope", "sub-b/northeurope", "sub-a/westeurope"), source.reads);

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        catalog.skus("sub-a", "northeurope");
        assertEquals(4, source.reads.size(), "six hours after the read, the list is read again");
    }

    @Test
    void aFailedReadIsNotRememberedAndTheNextCallReadsAgain() {
        source.failNext = true;
        assertThrows(AzureCallException.Throttled.class, () -> catalog.skus("sub-a", "northeurope"));
        assertEquals("northeurope", catalog.skus("sub-a", "northeurope").location());
        catalog.skus("sub-a", "northeurope");
        assertEquals(2, source.reads.size());
    }

    @Test
    void aFailedRefreshLeavesTheNextCallToReadAgainRatherThanServeAFailure() {
        catalog.skus("sub-a", "northeurope");
        clock.now = clock.now.plus(VmSkuCatalog.DEFAULT_REFRESH);
        source.failNext = true;
        assertThrows(AzureCallException.Throttled.class, () -> catalog.skus("sub-a", "northeurope"));
        assertEquals(1, catalog.skus("sub-a", "northeurope").skus().size());
        assertEquals(3, source.reads.size());
    }
}
