package io.batchrollout.sim.batch;

import java.time.Duration;

/**
 * How long simulated Batch takes. Allocation comes in batches so that big pools take longer than small ones (50
 * nodes every 30 seconds after the first minute: 1,000 nodes need about 11 minutes, inside the 15 minutes per 1,000
 * VMs the rollout plans for; 3,000 nodes outlast a 15 minute resizeTimeout). A node then spends {@link #CREATING}
 * and {@link #STARTING} before it is idle, plus {@link #START_TASK} when the pool waits for its start task.
 */
final class Timings {
    static final Duration FIRST_BATCH = Duration.ofSeconds(60);
    static final Duration BATCH_INTERVAL = Duration.ofSeconds(30);
    static final int BATCH_SIZE = 50;
    static final Duration CREATING = Duration.ofSeconds(30);
    static final Duration STARTING = Duration.ofSeconds(90);
    static final Duration START_TASK = Duration.ofSeconds(60);
    static final Duration LEAVING_POOL = Duration.ofSeconds(30);
    /** From deallocating to deallocated (Node_Deallocate). */
    static final Duration DEALLOCATING = Duration.ofSeconds(30);
    /** A pool delete takes a while even when the pool is empty; nodes leave first. */
    static final Duration DELETE_EMPTY_POOL = Duration.ofSeconds(30);
    static final Duration DELETE_POOL_WITH_NODES = Duration.ofMinutes(2);
    /** Disabling (requeue/terminate) and enabling a job are not instant in Batch either. */
    static final Duration JOB_STATE_CHANGE = Duration.ofSeconds(10);
    static final Duration DEFAULT_RESIZE_TIMEOUT = Duration.ofMinutes(15);
    static final Duration MIN_RESIZE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DEFAULT_AUTOSCALE_INTERVAL = Duration.ofMinutes(15);

    private Timings() {
    }
}
