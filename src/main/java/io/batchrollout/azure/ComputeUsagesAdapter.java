package io.batchrollout.azure;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import io.batchrollout.core.model.ComputeUsage;
import io.batchrollout.port.ComputeUsages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A subscription's regional Compute usages through its ComputeManagementClient (operation Usage_List, api-version
 * 2024-11-01 in azure-resourcemanager-compute 2.53.2), every page. Read afresh on each call: usage moves with every VM.
 */
final class ComputeUsagesAdapter implements ComputeUsages {
    private final Function<String, ComputeManagementClient> clientForSubscription;

    ComputeUsagesAdapter(Function<String, ComputeManagementClient> clientForSubscription) {
        this.clientForSubscription = clientForSubscription;
    }

    @Override
    public List<ComputeUsage> regionalUsages(String subscriptionId, String location) {
        return AzureErrors.call("read Compute usages in " + location + " (subscription " + subscriptionId + ")", () -> {
            List<ComputeUsage> usages = new ArrayList<>();
            for (UsageInner usage : clientForSubscription.apply(subscriptionId).getUsages().list(location)) {
                if (usage.name() != null && usage.name().value() != null) {
                    usages.add(new ComputeUsage(usage.name().value(), usage.currentValue(), usage.limit()));
                }
            }
            return List.copyOf(usages);
        });
    }
}
