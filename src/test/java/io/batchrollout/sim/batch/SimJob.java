package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A job of the data plane. States: active, disabling, disabled, enabling (terminating/completed/deleting unused). */
final class SimJob {
    final SimAccount account;
    final String id;
    final Instant creationTime;
    String poolId;
    String state = "active";
    Instant stateTransitionTime;
    String previousState;
    Instant previousStateTransitionTime;
    Instant lastModified;
    String etag;
    /** requeue, terminate or wait while disabling. */
    String disableTasks;
    /** When disabling (requeue/terminate) or enabling finishes. */
    Instant stateChangeAt;
    private final Map<String, SimTask> tasks = new LinkedHashMap<>();

    SimJob(SimAccount account, String id, String poolId, Instant now) {
        this.account = account;
        this.id = id;
        this.poolId = poolId;
        this.creationTime = now;
        this.stateTransitionTime = now;
        stamp(now);
    }

    /** Batch data plane ETags are bare: 0x8D... without quotes or W/. */
    void stamp(Instant now) {
        lastModified = now;
        etag = newDataPlaneEtag();
    }

    static String newDataPlaneEtag() {
        return "0x8D" + UUID.randomUUID().toString().replace("-", "").substring(0, 13).toUpperCase();
    }

    void moveTo(String newState, Instant now) {
        previousState = state;
        previousStateTransitionTime = stateTransitionTime;
        state = newState;
        stateTransitionTime = now;
        stamp(now);
    }

    Optional<SimTask> task(String taskId) {
        return Optional.ofNullable(tasks.get(SimAccount.key(taskId)));
    }

    void putTask(SimTask task) {
        tasks.put(SimAccount.key(task.id), task);
    }

    List<SimTask> tasks() {
        return new ArrayList<>(tasks.values());
    }

    long count(String taskState) {
        return tasks.values().stream().filter(t -> t.state.equals(taskState)).count();
    }
}
