package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Jobs and tasks over simulated time: an active job's active tasks go to free slots of its pool's idle or running
 * nodes (one task per slot, spread over nodes), run for their runtime and complete. Tasks taken off a node are
 * requeued (back to active) or killed (completed with a failure), and counted.
 */
final class TaskEngine {
    private long completed;
    private long killed;
    private long requeued;

    BatchSimulation.TaskCounters counters() {
        return new BatchSimulation.TaskCounters(completed, killed, requeued);
    }

    void requeue(SimTask task, Instant now) {
        release(task, now);
        task.state = "active";
        task.stateTransitionTime = now;
        task.requeueCount++;
        requeued++;
    }

    void kill(SimTask task, Instant now) {
        release(task, now);
        task.state = "completed";
        task.result = "failure";
        task.stateTransitionTime = now;
        killed++;
    }

    private void finish(SimTask task, Instant at) {
        SimNode node = task.node;
        release(task, at);
        node.totalTasksSucceeded++;
        task.state = "completed";
        task.result = "success";
        task.stateTransitionTime = at;
        completed++;
    }

    private void release(SimTask task, Instant at) {
        SimNode node = task.node;
        if (node != null) {
            node.runningTasks.remove(task);
            if (node.runningTasks.isEmpty() && "running".equals(node.state)) {
                node.moveTo("idle", at, null);
            }
        }
        task.node = null;
        task.endsAt = null;
    }

    private void start(SimTask task, SimNode node, Instant now) {
        task.state = "running";
        task.stateTransitionTime = now;
        task.node = node;
        task.endsAt = now.plus(task.runtime);
        node.runningTasks.add(task);
        node.totalTasksRun++;
        if ("idle".equals(node.state)) {
            node.moveTo("running", now, null);
        }
    }

    /** Tasks whose runtime is over at {@code at} complete. */
    void completeDue(SimAccount account, Instant at) {
        for (SimJob job : account.jobsByCreation()) {
            for (SimTask task : job.tasks()) {
                if ("running".equals(task.state) && !task.endsAt.isAfter(at)) {
                    finish(task, task.endsAt);
                }
            }
        }
    }

    /** disabling becomes disabled once its tasks are dealt with; enabling becomes active. */
    void advanceJobs(SimAccount account, Instant at) {
        for (SimJob job : account.jobsByCreation()) {
            if (job.stateChangeAt == null || job.stateChangeAt.isAfter(at)) {
                continue;
            }
            if ("disabling".equals(job.state) && job.count("running") == 0) {
                job.moveTo("disabled", at);
                job.stateChangeAt = null;
            } else if ("enabling".equals(job.state)) {
                job.moveTo("active", at);
                job.stateChangeAt = null;
            }
        }
    }

    /** Gives free node slots of each pool to the active tasks of its active jobs, oldest job and task first. */
    void schedule(SimAccount account, Instant now) {
        for (SimJob job : account.jobsByCreation()) {
            if (!"active".equals(job.state)) {
                continue;
            }
            Optional<SimPool> pool = account.pool(job.poolId).filter(p -> !p.deleting());
            if (pool.isEmpty()) {
                continue;
            }
            for (SimTask task : job.tasks()) {
                if (!"active".equals(task.state)) {
                    continue;
                }
                Optional<SimNode> node = pool.get().nodes.stream().filter(SimNode::canTakeTask)
                        .min(Comparator.comparingInt(n -> n.runningTasks.size()));
                if (node.isEmpty()) {
                    break;
                }
                start(task, node.get(), now);
            }
        }
    }

    void disable(SimJob job, String disableTasks, Instant now) {
        job.moveTo("disabling", now);
        job.disableTasks = disableTasks;
        job.stateChangeAt = now.plus(Timings.JOB_STATE_CHANGE);
        for (SimTask task : running(job)) {
            if ("requeue".equals(disableTasks)) {
                requeue(task, now);
            } else if ("terminate".equals(disableTasks)) {
                kill(task, now);
            }
        }
    }

    void enable(SimJob job, Instant now) {
        job.moveTo("enabling", now);
        job.stateChangeAt = now.plus(Timings.JOB_STATE_CHANGE);
    }

    /** Its owner ended the job (terminate or delete): running tasks are terminated where they run. */
    void end(SimJob job, Instant now) {
        running(job).forEach(task -> kill(task, now));
        job.stateChangeAt = null;
    }

    private static List<SimTask> running(SimJob job) {
        List<SimTask> running = new ArrayList<>();
        job.tasks().stream().filter(t -> "running".equals(t.state)).forEach(running::add);
        return running;
    }

    /** The next instant something changes on its own; a waiting disable moves only when its tasks end. */
    Instant earliestDue(SimAccount account) {
        Instant earliest = null;
        for (SimJob job : account.jobsByCreation()) {
            if (job.stateChangeAt != null && !("disabling".equals(job.state) && job.count("running") > 0)) {
                earliest = min(earliest, job.stateChangeAt);
            }
            for (SimTask task : job.tasks()) {
                if ("running".equals(task.state)) {
                    earliest = min(earliest, task.endsAt);
                }
            }
        }
        return earliest;
    }

    static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }
}
