package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A compute node. States are kept in the camelCase of /nodecounts' keys: creating, starting, waitingForStartTask, idle,
 * running, startTaskFailed, unusable, leavingPool, deallocating, deallocated (the node list lower-cases them).
 */
final class SimNode {
    final String id;
    final SimPool pool;
    final boolean dedicated;
    final Instant allocationTime;
    /** The image reference id the pool had when this node was built (a version id or a definition id). */
    final String imageReferenceId;
    /**
     * The version a definition id resolved to when the node was built; null for a pinned version. The simulator
     * needs it (which nodes are broken), but Batch does not report it for a gallery image: never rendered.
     */
    final String exactVersion;
    final boolean broken;
    String state = "creating";
    Instant stateTransitionTime;
    /** When the node moves on from creating/starting/waitingForStartTask/leavingPool; null when it stays. */
    Instant nextTransitionAt;
    /** Chosen to leave the pool: takes no new tasks, leaves when its tasks are done (or at once). */
    boolean removing;
    final List<SimTask> runningTasks = new ArrayList<>();
    int totalTasksRun;
    int totalTasksSucceeded;
    String startTaskState;
    Instant startTaskStart;
    Instant startTaskEnd;

    SimNode(String id, SimPool pool, boolean dedicated, Instant allocationTime, String imageReferenceId,
            String exactVersion, boolean broken) {
        this.id = id;
        this.pool = pool;
        this.dedicated = dedicated;
        this.allocationTime = allocationTime;
        this.imageReferenceId = imageReferenceId;
        this.exactVersion = exactVersion;
        this.broken = broken;
        this.stateTransitionTime = allocationTime;
        this.nextTransitionAt = allocationTime.plus(Timings.CREATING);
    }

    void moveTo(String newState, Instant at, Instant next) {
        state = newState;
        stateTransitionTime = at;
        nextTransitionAt = next;
    }

    boolean canTakeTask() {
        return !removing && ("idle".equals(state) || "running".equals(state))
                && runningTasks.size() < pool.taskSlotsPerNode;
    }
}
