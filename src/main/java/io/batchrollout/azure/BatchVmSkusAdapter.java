package io.batchrollout.azure;

import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.batch.models.SkuCapability;
import com.azure.resourcemanager.batch.models.SupportedSku;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.port.BatchVmSkus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Batch's supported VM sizes of a region through the subscription's BatchManager (operation
 * Location_ListSupportedVirtualMachineSkus, api-version 2023-05-01 in the served SDK); the SDK's iterable follows
 * nextLink through every page. A SKU without a readable {@code vCPUs} capability cannot be counted against a quota and
 * is left out, so a check on it refuses rather than guesses.
 */
final class BatchVmSkusAdapter implements BatchVmSkus {
    static final String VCPUS = "vCPUs";

    private final Function<String, BatchManager> managerForSubscription;

    BatchVmSkusAdapter(Function<String, BatchManager> managerForSubscription) {
        this.managerForSubscription = managerForSubscription;
    }

    @Override
    public List<VmSku> supportedVmSkus(String subscriptionId, String location) {
        return BatchArmErrors.call("list the VM sizes Batch supports in " + location + " (subscription " + subscriptionId
                + ")", () -> {
            List<VmSku> skus = new ArrayList<>();
            for (SupportedSku sku : managerForSubscription.apply(subscriptionId).locations()
                    .listSupportedVirtualMachineSkus(location)) {
                Optional<Integer> cores = vCpus(sku.capabilities());
                if (sku.name() != null && sku.familyName() != null && cores.isPresent() && cores.get() > 0) {
                    skus.add(new VmSku(sku.name(), sku.familyName(), cores.get()));
                }
            }
            return List.copyOf(skus);
        });
    }

    private static Optional<Integer> vCpus(List<SkuCapability> capabilities) {
        if (capabilities == null) {
            return Optional.empty();
        }
        for (SkuCapability capability : capabilities) {
            if (VCPUS.equalsIgnoreCase(capability.name()) && capability.value() != null) {
                try {
                    return Optional.of(Integer.parseInt(capability.value().trim()));
                } catch (NumberFormatException notANumber) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
