package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.state.RolloutPhase;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class on one simulated Azure shared by its tests ({@link RolloutWorld}): started once, its scripted faults
 * cleared and closed after the last test. Each test uses its own image definition and pools, so tests do not meet.
 * The helpers are what the rollout tests do to and read from that world besides running passes.
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

    /** A job on {@code pool} with {@code count} tasks that each run {@code runtime} once a node takes them. */
    static void addTasks(String job, String pool, int count, Duration runtime) {
        world.sim.batch().addJob(world.account.toString(), job, pool);
        for (int i = 0; i < count; i++) {
            world.sim.batch().addTask(world.account.toString(), job, job + "-t" + i, runtime);
        }
    }

    /** The jobs whose poolInfo names {@code pool}, by id, with their state, read through the real data-plane adapter. */
    static Map<String, String> jobStatesOn(String pool) {
        return world.clients.jobs().jobsOnPool(world.accounts.get(world.account), pool).stream()
                .collect(Collectors.toMap(BatchJob::id, BatchJob::state));
    }

    /** Successful data-plane calls of {@code operation} (e.g. Job_Disable) on {@code job}, whoever made them. */
    static long jobCalls(String operation, String job) {
        return world.sim.requests().count(e -> e.operation().equals(operation) && e.status() < 300
                && e.path().contains("/jobs/" + job));
    }

    /** Successful creations of {@code pool}. */
    static long creates(String pool) {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.status() < 300
                && e.path().endsWith("/" + pool));
    }

    /** Someone else deletes the pool (the app is not involved). */
    static void someoneDeletes(String pool) {
        world.clients.pools().delete(world.poolId(pool));
    }

    static RolloutPhase phase(String pool) {
        return world.state(pool).phase();
    }

    /** Passes one simulated minute apart until {@code done}; fails with the log otherwise. */
    static void passUntil(ImageDefinitionId image, BooleanSupplier done, int maxPasses) {
        for (int pass = 0; pass < maxPasses; pass++) {
            world.engine().reconcileTracking(image);
            if (done.getAsBoolean()) {
                return;
            }
            world.sim.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not done after " + maxPasses + " passes:\n" + String.join("\n", world.log));
    }
}
