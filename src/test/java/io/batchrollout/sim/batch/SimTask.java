package io.batchrollout.sim.batch;

import java.time.Duration;
import java.time.Instant;

/** A task: active until a node slot takes it, running for {@code runtime}, then completed (success or failure). */
final class SimTask {
    final SimJob job;
    final String id;
    final Duration runtime;
    String state = "active";
    Instant stateTransitionTime;
    SimNode node;
    Instant endsAt;
    /** success, or failure for a task killed by terminate. */
    String result;
    int requeueCount;

    SimTask(SimJob job, String id, Duration runtime, Instant now) {
        this.job = job;
        this.id = id;
        this.runtime = runtime;
        this.stateTransitionTime = now;
    }
}
