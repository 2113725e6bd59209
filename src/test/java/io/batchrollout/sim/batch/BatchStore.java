package io.batchrollout.sim.batch;

import io.batchrollout.sim.SimRegions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every seeded Batch account, found by ARM id or by data plane endpoint. Used under the simulator's lock. */
final class BatchStore {
    private final Map<String, SimAccount> accounts = new LinkedHashMap<>();
    /** Items per page on pool and job lists when the client sets no maxresults; small so paging is exercised. */
    int pageSize = 10;
    /** The most items a page holds whatever maxresults asks (the data plane's documented maximum). */
    int maxPageSize = 1000;
    /** "{region}/{size}" of sizes a test withdrew from a region: not listed there, and refused at pool creation. */
    final Set<String> withdrawnSizes = new HashSet<>();
    /** Fragments that make Batch refuse a formula at write time ({@link AutoscaleFormula#syntaxError}), set by a test. */
    final Set<String> refusedFormulaFragments = new HashSet<>();
    /** The regional Compute quotas that bind UserSubscription-mode accounts; none until the Compute part is wired. */
    SubscriptionQuotas subscriptionQuotas = SubscriptionQuotas.NONE;

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

    boolean offered(String region, VmSizes.VmSize size) {
        return !withdrawnSizes.contains(sizeKey(region, size.name()));
    }

    static String sizeKey(String region, String vmSize) {
        return SimRegions.normalize(region) + "/" + vmSize.toLowerCase(Locale.ROOT);
    }

    List<SimAccount> all() {
        return new ArrayList<>(accounts.values());
    }
}
