package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccountId;
import java.util.List;

/**
 * Every managed pool of the configured accounts against the image its policy asks for.
 *
 * @param accountsNotRead accounts whose pools could not be listed, with Azure's answer: the report is partial then
 * @param imageReads      resolver calls made: one per distinct (definition, account region and subscription, size
 *                        class, node agent family), however many pools share it
 */
public record DriftReport(List<DriftEntry> pools, List<AccountNotRead> accountsNotRead, int imageReads) {
    public DriftReport {
        pools = List.copyOf(pools);
        accountsNotRead = List.copyOf(accountsNotRead);
    }

    public record AccountNotRead(BatchAccountId account, int status, String code, String message) {
    }

    public long count(DriftEntry.Status status) {
        return pools.stream().filter(p -> p.status() == status).count();
    }
}
