package io.batchrollout.local;

import io.batchrollout.sim.SimulatedAzure;

/** What the runner puts into the simulated Azure before serving; tests of routing choose {@link #NONE}. */
public interface Seed {
    void plant(SimulatedAzure sim);

    String description();

    Seed DEMO = new Seed() {
        @Override
        public void plant(SimulatedAzure sim) {
            DemoResources.plant(sim);
        }

        @Override
        public String description() {
            return DemoResources.description();
        }
    };

    Seed NONE = new Seed() {
        @Override
        public void plant(SimulatedAzure sim) {
        }

        @Override
        public String description() {
            return "none (the simulated Azure starts empty)";
        }
    };
}
