package io.batchrollout.sim.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The simulator's VM size catalogue: cores, the quota family Batch and Compute count them against, memory, and whether
 * the size can run Spot/low-priority nodes. Every region offers all of them unless a test withdraws one
 * ({@link BatchSimulation#withdrawVmSize}); Location_ListSupportedVirtualMachineSkus lists them with the capabilities
 * Azure reports (names and value formats of the spec example LocationListVirtualMachineSkus). A size not in the
 * table is refused at pool creation (stricter than guessing).
 */
final class VmSizes {

    record VmSize(String name, int cores, String family, double memoryGb, boolean lowPriorityCapable, String hyperV) {
    }

    private static final Map<String, VmSize> SIZES = List.of(
            size("Standard_A1_v2", 1, "standardAv2Family", 2, "V1"),
            size("Standard_A2_v2", 2, "standardAv2Family", 4, "V1"),
            size("Standard_A4_v2", 4, "standardAv2Family", 8, "V1"),
            size("Standard_A8_v2", 8, "standardAv2Family", 16, "V1"),
            size("Standard_D2_v3", 2, "standardDv3Family", 8, "V1"),
            size("Standard_D4_v3", 4, "standardDv3Family", 16, "V1"),
            size("Standard_D2s_v3", 2, "standardDSv3Family", 8, "V1,V2"),
            size("Standard_D4s_v3", 4, "standardDSv3Family", 16, "V1,V2"),
            size("Standard_D8s_v3", 8, "standardDSv3Family", 32, "V1,V2"),
            size("Standard_D16s_v3", 16, "standardDSv3Family", 64, "V1,V2"),
            size("Standard_D32s_v3", 32, "standardDSv3Family", 128, "V1,V2"),
            size("Standard_D2a_v4", 2, "standardDAv4Family", 8, "V1,V2"),
            size("Standard_D4a_v4", 4, "standardDAv4Family", 16, "V1,V2"),
            size("Standard_D2s_v5", 2, "standardDSv5Family", 8, "V1,V2"),
            size("Standard_D4s_v5", 4, "standardDSv5Family", 16, "V1,V2"),
            size("Standard_D8s_v5", 8, "standardDSv5Family", 32, "V1,V2"),
            size("Standard_D16s_v5", 16, "standardDSv5Family", 64, "V1,V2"),
            size("Standard_D2ds_v5", 2, "standardDDSv5Family", 8, "V1,V2"),
            size("Standard_D4ds_v5", 4, "standardDDSv5Family", 16, "V1,V2"),
            size("Standard_D2as_v5", 2, "standardDASv5Family", 8, "V1,V2"),
            size("Standard_D4as_v5", 4, "standardDASv5Family", 16, "V1,V2"),
            size("Standard_E2s_v3", 2, "standardESv3Family", 16, "V1,V2"),
            size("Standard_E4s_v3", 4, "standardESv3Family", 32, "V1,V2"),
            size("Standard_E8s_v3", 8, "standardESv3Family", 64, "V1,V2"),
            size("Standard_E4s_v5", 4, "standardESv5Family", 32, "V1,V2"),
            size("Standard_F2s_v2", 2, "standardFSv2Family", 4, "V1,V2"),
            size("Standard_F4s_v2", 4, "standardFSv2Family", 8, "V1,V2"),
            size("Standard_F8s_v2", 8, "standardFSv2Family", 16, "V1,V2"),
            size("Standard_F16s_v2", 16, "standardFSv2Family", 32, "V1,V2"),
            size("Standard_NC6s_v3", 6, "standardNCSv3Family", 112, "V1,V2"),
            size("Standard_NC12s_v3", 12, "standardNCSv3Family", 224, "V1,V2"),
            size("Standard_HB120rs_v3", 120, "standardHBrsv3Family", 448, "V1,V2"))
            .stream().collect(Collectors.toUnmodifiableMap(s -> key(s.name()), s -> s));

    private VmSizes() {
    }

    private static VmSize size(String name, int cores, String family, double memoryGb, String hyperV) {
        // Azure offers Spot for most general-purpose sizes; the simulator says so for all of these but the HPC one.
        return new VmSize(name, cores, family, memoryGb, !family.startsWith("standardHB"), hyperV);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Batch matches VM sizes case-insensitively ("STANDARD_D4" in its own examples). */
    static Optional<VmSize> find(String vmSize) {
        return vmSize == null ? Optional.empty() : Optional.ofNullable(SIZES.get(key(vmSize)));
    }

    /** Every size, in name order. */
    static List<VmSize> all() {
        List<VmSize> all = new ArrayList<>(SIZES.values());
        all.sort(Comparator.comparing(s -> key(s.name())));
        return all;
    }

    /** Every family in the table, for seeding an account's per-family quota and the regional usages. */
    static SortedSet<String> families() {
        SortedSet<String> families = new TreeSet<>();
        SIZES.values().forEach(s -> families.add(s.family()));
        return families;
    }
}
