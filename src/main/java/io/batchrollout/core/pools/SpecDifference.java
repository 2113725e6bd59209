package io.batchrollout.core.pools;

/** One field on which an existing pool differs from the one asked for, with both values as the API spells them. */
public record SpecDifference(String field, String requested, String existing) {
}
