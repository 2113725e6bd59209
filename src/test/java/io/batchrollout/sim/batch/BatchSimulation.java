package io.batchrollout.sim.batch;

import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimState;
import io.batchrollout.sim.gallery.GallerySimulation;
import java.util.function.Supplier;

/** Placeholder: the Batch management and data plane part of the simulator (being written). */
public final class BatchSimulation {
    public BatchSimulation(SimState state, Router router, GallerySimulation gallery, Supplier<String> authority) {
    }
}
