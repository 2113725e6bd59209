package io.batchrollout.core.model;

import java.util.Locale;

/**
 * A VM size Batch supports in a region, as Location_ListSupportedVirtualMachineSkus lists it: its name, the quota
 * family its cores count against ({@code familyName}, e.g. "standardDSv3Family") and its {@code vCPUs} capability.
 */
public record VmSku(String name, String family, int vCpus) {

    public VmSku {
        if (name == null || name.isBlank() || family == null || family.isBlank() || vCpus < 1) {
            throw new IllegalArgumentException("a VM SKU needs a name, a family and at least one vCPU: " + name);
        }
    }

    /** Batch matches VM sizes ignoring case ("STANDARD_D4" in its own examples). */
    public boolean is(String vmSize) {
        return vmSize != null && name.toLowerCase(Locale.ROOT).equals(vmSize.toLowerCase(Locale.ROOT));
    }
}
