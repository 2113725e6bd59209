package io.batchrollout.core.model;

/** A Batch job and the pool it targets. {@code state}: active, disabling, disabled, enabling, terminating, completed, deleting. */
public record BatchJob(String id, String state, String poolId, String etag) {
}
