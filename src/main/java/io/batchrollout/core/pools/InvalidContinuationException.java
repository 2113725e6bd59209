package io.batchrollout.core.pools;

/** A continuation token this app did not issue, or one that no longer fits the configuration. Answered with 400. */
public final class InvalidContinuationException extends RuntimeException {
    public InvalidContinuationException(String message) {
        super(message);
    }
}
