package io.batchrollout.core.model;

/** One node of a pool, from the data plane. */
public record ComputeNode(String id, String state, boolean dedicated, String imageReferenceId, int runningTasksCount) {
}
