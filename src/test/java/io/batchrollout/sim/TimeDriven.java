package io.batchrollout.sim;

import java.time.Instant;

/**
 * Simulated state that changes with time (replication, allocation, running tasks). The server brings every
 * participant up to the clock, under the state lock, before each request and after each clock move.
 */
public interface TimeDriven {

    /** Moves this participant's state to {@code now}; must be idempotent for the same instant. */
    void advanceTo(Instant now);
}
