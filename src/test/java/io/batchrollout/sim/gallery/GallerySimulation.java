package io.batchrollout.sim.gallery;

import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimState;

/** Placeholder: the Compute Gallery part of the simulator (being written). */
public final class GallerySimulation {
    public GallerySimulation(SimState state, Router router, EventDelivery events) {
    }
}
