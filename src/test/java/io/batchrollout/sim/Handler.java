package io.batchrollout.sim;

/** Serves one operation of one resource type. Must not block on the clock: state moves in {@link TimeDriven}. */
@FunctionalInterface
public interface Handler {
    SimResponse handle(SimRequest request);
}
