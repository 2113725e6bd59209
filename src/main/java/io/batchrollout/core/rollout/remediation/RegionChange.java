package io.batchrollout.core.rollout.remediation;

/** One region of a version the app changes: replicas from {@code from} (0: the region is added) to {@code to}. */
public record RegionChange(String region, int from, int to) {

    public boolean added() {
        return from == 0;
    }

    /** "raising replicas of 1.1.0 in westeurope from 1 to 10" / "adding westeurope to 1.1.0 with 10 replicas". */
    public String text(String versionName) {
        return added() ? "adding " + region + " to " + versionName + " with " + to + " replica" + (to == 1 ? "" : "s")
                : "raising replicas of " + versionName + " in " + region + " from " + from + " to " + to;
    }
}
