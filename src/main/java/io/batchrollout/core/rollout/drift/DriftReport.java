package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.rollout.DriftCounts;
import java.time.Instant;
import java.util.List;

/**
 * Every managed pool of the configured accounts against the image its policy asks for.
 *
 * @param accountsNotRead accounts whose pools could not be listed, with Azure's answer: the report is partial then
 * @param imageReads      resolver calls made: one per distinct (definition, account region and subscription, size
 *                        class, node agent family), however many pools share it
 * @param images          each image definition the managed pools name, in the order first named
 * @param at              when the report was made (the app's clock): what days behind and end of life count from
 */
public record DriftReport(List<DriftEntry> pools, List<AccountNotRead> accountsNotRead, int imageReads,
                          List<ImageDrift> images, Instant at) {
    public DriftReport {
        pools = List.copyOf(pools);
        accountsNotRead = List.copyOf(accountsNotRead);
        images = List.copyOf(images);
    }

    /** The counts at the top of the report, as the pass's drift summary line says them. */
    public DriftCounts counts() {
        DriftCounts.Tally tally = new DriftCounts.Tally();
        for (DriftEntry p : pools) {
            DriftCounts.Status status = switch (p.status()) {
                case IN_SYNC -> DriftCounts.Status.IN_SYNC;
                case DRIFTED -> DriftCounts.Status.DRIFTED;
                case UNKNOWN -> DriftCounts.Status.UNKNOWN;
            };
            tally.add(status, p.timing().stuck(), p.daysBehind().isPresent(),
                    p.currentEndOfLife().filter(date -> DriftCounts.endOfLifeSoon(date, at)).isPresent());
        }
        return tally.counts();
    }

    /** Without the image definitions (the counts of end of life are then 0). */
    public DriftReport(List<DriftEntry> pools, List<AccountNotRead> accountsNotRead, int imageReads) {
        this(pools, accountsNotRead, imageReads, List.of(), Instant.EPOCH);
    }

    public record AccountNotRead(BatchAccountId account, int status, String code, String message) {
    }

    public long count(DriftEntry.Status status) {
        return pools.stream().filter(p -> p.status() == status).count();
    }
}
