package io.batchrollout.sim.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every seeded Batch account, found by ARM id or by data plane endpoint. Used under the simulator's lock. */
final class BatchStore {
    private final Map<String, SimAccount> accounts = new LinkedHashMap<>();
    /** Items per page on pool and job lists when the client sets no maxresults; small so paging is exercised. */
    int pageSize = 10;

    void add(SimAccount account) {
        accounts.put(SimAccount.key(account.armId()), account);
    }

    Optional<SimAccount> byId(String accountId) {
        return Optional.ofNullable(accounts.get(SimAccount.key(accountId)));
    }

    Optional<SimAccount> byName(String subscriptionId, String resourceGroup, String accountName) {
        return byId("/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Batch/batchAccounts/" + accountName);
    }

    Optional<SimAccount> byEndpoint(String endpointName) {
        return accounts.values().stream().filter(a -> a.endpointName().equalsIgnoreCase(endpointName)).findFirst();
    }

    List<SimAccount> all() {
        return new ArrayList<>(accounts.values());
    }
}
