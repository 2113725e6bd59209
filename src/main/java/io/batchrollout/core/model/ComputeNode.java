package io.batchrollout.core.model;

/**
 * One node of a pool, from the data plane. {@code state} is kept in the data plane's lower case ("idle",
 * "starttaskfailed", "waitingforstarttask", "leavingpool", "upgradingos", "deallocated"...) whatever casing an answer
 * used: node counts spell the same states in camelCase, so comparisons never depend on which form arrived.
 */
public record ComputeNode(String id, String state, boolean dedicated, String imageReferenceId, int runningTasksCount) {
    public ComputeNode {
        state = state == null ? null : state.toLowerCase(java.util.Locale.ROOT);
    }
}
