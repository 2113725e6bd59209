package io.batchrollout.core.rollout;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class on one simulated Azure shared by its tests ({@link RolloutWorld}): started once, its scripted faults
 * cleared and closed after the last test. Each test uses its own image definition and pools, so tests do not meet.
 */
abstract class RolloutWorldTest {
    static RolloutWorld world;

    @BeforeAll
    static void startWorld() {
        world = new RolloutWorld();
    }

    @AfterAll
    static void closeWorld() {
        world.sim.faults().clear();
        world.close();
    }
}
