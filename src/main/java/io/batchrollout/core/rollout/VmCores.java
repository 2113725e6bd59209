package io.batchrollout.core.rollout;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cores per VM size and the quota family Batch counts them against, for the blue-green quota check. A size missing
 * here is refused (the check cannot be made, and a candidate that cannot be counted might half-start): add it. Azure
 * lists both per region (Batch: Location_ListSupportedVirtualMachineSkus, vCPUs and familyName); reading them from
 * there would remove this table.
 */
public record VmCores(String vmSize, int cores, String family) {

    private static final Map<String, VmCores> SIZES = Map.ofEntries(
            size("Standard_A1_v2", 1, "standardAv2Family"),
            size("Standard_A2_v2", 2, "standardAv2Family"),
            size("Standard_A4_v2", 4, "standardAv2Family"),
            size("Standard_D2_v3", 2, "standardDv3Family"),
            size("Standard_D4_v3", 4, "standardDv3Family"),
            size("Standard_D2s_v3", 2, "standardDSv3Family"),
            size("Standard_D4s_v3", 4, "standardDSv3Family"),
            size("Standard_D8s_v3", 8, "standardDSv3Family"),
            size("Standard_D16s_v3", 16, "standardDSv3Family"),
            size("Standard_D2s_v5", 2, "standardDSv5Family"),
            size("Standard_D4s_v5", 4, "standardDSv5Family"),
            size("Standard_D8s_v5", 8, "standardDSv5Family"),
            size("Standard_D2ds_v5", 2, "standardDDSv5Family"),
            size("Standard_D2as_v5", 2, "standardDASv5Family"),
            size("Standard_E2s_v3", 2, "standardESv3Family"),
            size("Standard_E4s_v3", 4, "standardESv3Family"),
            size("Standard_F2s_v2", 2, "standardFSv2Family"),
            size("Standard_F4s_v2", 4, "standardFSv2Family"),
            size("Standard_F8s_v2", 8, "standardFSv2Family"),
            size("Standard_NC6s_v3", 6, "standardNCSv3Family"));

    private static Map.Entry<String, VmCores> size(String name, int cores, String family) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new VmCores(name, cores, family));
    }

    /** Batch matches VM sizes ignoring case. */
    public static Optional<VmCores> of(String vmSize) {
        return vmSize == null ? Optional.empty() : Optional.ofNullable(SIZES.get(vmSize.toLowerCase(Locale.ROOT)));
    }
}
