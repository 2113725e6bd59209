package io.batchrollout.sim.batch;

/**
 * One pool metadata item as the Batch management spec defines it (MetadataItem: {@code name} and {@code value}, both
 * required strings). Batch keeps a pool's metadata as an ordered list and gives it back as sent.
 */
record Metadata(String name, String value) {
}
