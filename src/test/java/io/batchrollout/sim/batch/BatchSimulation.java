package io.batchrollout.sim.batch;

import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimState;
import io.batchrollout.sim.gallery.GalleryLookup;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * CONTRACT PLACEHOLDER (being written): the Batch management plane (accounts, pools) and data plane (node counts,
 * nodes, jobs, tasks) of the simulator. The seeding and counter methods below are the contract the local runner and
 * tests code against; keep them. Ids are ARM id strings compared case-insensitively.
 */
public final class BatchSimulation {

    /** Tasks that ran to the end, were killed (terminated) and were requeued, over the simulator's life. */
    public record TaskCounters(long completed, long killed, long requeued) {
    }

    /** {@code authority} is "127.0.0.1:{port}": accountEndpoint is {authority}/batch/{account}.{region}. */
    public BatchSimulation(SimState state, Router router, GalleryLookup gallery, Supplier<String> authority) {
    }

    /** Seeds a Batch account (Microsoft Entra ID auth mode, Batch service allocation mode). */
    public void addAccount(String subscriptionId, String resourceGroup, String accountName, String location,
                           int dedicatedCoreQuota, int lowPriorityCoreQuota) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Seeds an active job on a pool of the account. */
    public void addJob(String accountId, String jobId, String poolName) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Seeds a task that runs for {@code runtime} of simulated time once a node picks it up. */
    public void addTask(String accountId, String jobId, String taskId, Duration runtime) {
        throw new UnsupportedOperationException("not written yet");
    }

    public TaskCounters counters() {
        throw new UnsupportedOperationException("not written yet");
    }
}
