package io.batchrollout.sim.batch;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The VM sizes the simulator knows, with the cores and the quota family Batch counts them against. A size not in
 * the table is refused at pool creation (stricter than guessing): add it here when a test needs it.
 */
final class VmSizes {

    record VmSize(String name, int cores, String family) {
    }

    private static final Map<String, VmSize> SIZES = Map.ofEntries(
            size("Standard_A1_v2", 1, "standardAv2Family"),
            size("Standard_A2_v2", 2, "standardAv2Family"),
            size("Standard_D2_v3", 2, "standardDv3Family"),
            size("Standard_D4_v3", 4, "standardDv3Family"),
            size("Standard_D2s_v3", 2, "standardDSv3Family"),
            size("Standard_D4s_v3", 4, "standardDSv3Family"),
            size("Standard_D8s_v3", 8, "standardDSv3Family"),
            size("Standard_D2s_v5", 2, "standardDSv5Family"),
            size("Standard_D4s_v5", 4, "standardDSv5Family"),
            size("Standard_D2ds_v5", 2, "standardDDSv5Family"),
            size("Standard_D2as_v5", 2, "standardDASv5Family"),
            size("Standard_E2s_v3", 2, "standardESv3Family"),
            size("Standard_F2s_v2", 2, "standardFSv2Family"),
            size("Standard_F4s_v2", 4, "standardFSv2Family"),
            size("Standard_NC6s_v3", 6, "standardNCSv3Family"));

    private VmSizes() {
    }

    private static Map.Entry<String, VmSize> size(String name, int cores, String family) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new VmSize(name, cores, family));
    }

    /** Batch matches VM sizes case-insensitively ("STANDARD_D4" in its own examples). */
    static Optional<VmSize> find(String vmSize) {
        return vmSize == null ? Optional.empty() : Optional.ofNullable(SIZES.get(vmSize.toLowerCase(Locale.ROOT)));
    }

    /** Every family in the table, for seeding an account's per-family quota. */
    static java.util.SortedSet<String> families() {
        java.util.SortedSet<String> families = new java.util.TreeSet<>();
        SIZES.values().forEach(s -> families.add(s.family()));
        return families;
    }
}
