package io.batchrollout.core.model;

/** One pool metadata entry. Batch keeps them as an ordered list of name/value pairs. */
public record Metadata(String name, String value) {
}
