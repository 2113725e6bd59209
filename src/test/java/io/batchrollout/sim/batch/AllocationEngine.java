package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pool sizes over simulated time. A resize to more nodes allocates them in batches ({@link Timings}) until the
 * targets are met or resizeTimeout runs out (Steady with AllocationTimedout and the nodes allocated so far). New
 * nodes go creating, starting, then waitingForStartTask when the pool waits for its start task, then idle; nodes of
 * a broken image end startTaskFailed (start task waited for) or unusable. A resize to fewer nodes honours
 * nodeDeallocationOption: Requeue and Terminate take tasks off at once; TaskCompletion and RetainedData let them
 * finish first, and the pool stays Resizing until those nodes are gone.
 */
final class AllocationEngine {
    private static final Set<String> NOT_YET_USEFUL = Set.of("creating", "starting", "waitingForStartTask",
            "startTaskFailed", "unusable");

    private final ImageCheck images;
    private final TaskEngine tasks;
    private final BatchStore store;

    AllocationEngine(ImageCheck images, TaskEngine tasks, BatchStore store) {
        this.images = images;
        this.tasks = tasks;
        this.store = store;
    }

    /** Starts a resize of the pool to its scale targets; replaces any allocation still pending. */
    void resize(SimPool pool, Instant now) {
        ScaleTarget scale = pool.scale;
        ResizeOperation op = new ResizeOperation(scale.dedicated(), scale.lowPriority(), scale.resizeTimeout(),
                scale.nodeDeallocationOption(), now);
        pool.resize = op;
        for (boolean dedicated : new boolean[] {true, false}) {
            int target = dedicated ? op.targetDedicated : op.targetLowPriority;
            long staying = pool.staying(dedicated);
            if (target > staying) {
                if (dedicated) {
                    op.remainingDedicated = (int) (target - staying);
                } else {
                    op.remainingLowPriority = (int) (target - staying);
                }
            } else if (target < staying) {
                shrink(pool, dedicated, (int) (staying - target), op.nodeDeallocationOption, now);
            }
        }
        CoreQuota.cap(pool, op, store);
        if (op.allocating() || pool.nodes.stream().anyMatch(n -> n.removing)) {
            setAllocationState(pool, "Resizing", now);
        } else {
            setAllocationState(pool, "Steady", now);
        }
    }

    private void shrink(SimPool pool, boolean dedicated, int count, String option, Instant now) {
        List<SimNode> candidates = new ArrayList<>(pool.nodes.stream().filter(n -> n.dedicated == dedicated && !n.removing).toList());
        candidates.sort(Comparator.comparingInt((SimNode n) -> NOT_YET_USEFUL.contains(n.state) ? 0 : 1)
                .thenComparingInt(n -> n.runningTasks.size()));
        for (SimNode node : candidates.subList(0, Math.min(count, candidates.size()))) {
            node.removing = true;
            switch (option) {
                case "Requeue" -> new ArrayList<>(node.runningTasks).forEach(t -> tasks.requeue(t, now));
                case "Terminate" -> new ArrayList<>(node.runningTasks).forEach(t -> tasks.kill(t, now));
                default -> {
                    // TaskCompletion and RetainedData: the node leaves once its running tasks are done.
                }
            }
            if (node.runningTasks.isEmpty()) {
                leave(node, now);
            }
        }
    }

    /** Pool delete: stops the resize, requeues running tasks (as a Requeue shrink to zero would) and drains nodes. */
    void startDelete(SimPool pool, Instant now) {
        pool.provisioningState = "Deleting";
        pool.provisioningStateTransitionTime = now;
        if (pool.resize != null) {
            pool.resize.stopAllocating();
        }
        for (SimNode node : pool.nodes) {
            new ArrayList<>(node.runningTasks).forEach(t -> tasks.requeue(t, now));
            node.removing = true;
            if (!"leavingPool".equals(node.state)) {
                leave(node, now);
            }
        }
        pool.deleteAt = now.plus(pool.nodes.isEmpty() ? Timings.DELETE_EMPTY_POOL : Timings.DELETE_POOL_WITH_NODES);
        setAllocationState(pool, pool.nodes.isEmpty() ? "Steady" : "Resizing", now);
        pool.stamp(now);
    }

    private static void leave(SimNode node, Instant now) {
        node.removing = true;
        node.moveTo("leavingPool", now, now.plus(Timings.LEAVING_POOL));
    }

    /** Everything about the account's pools that is due at {@code at}, in the order Batch would see it. */
    void advance(SimAccount account, Instant at) {
        for (SimPool pool : account.pools()) {
            if (pool.deleting() && !pool.deleteAt.isAfter(at)) {
                account.removePool(pool);
                continue;
            }
            advanceNodes(pool, at);
            allocate(pool, at);
            finishResize(pool, at);
        }
    }

    private void advanceNodes(SimPool pool, Instant at) {
        for (SimNode node : new ArrayList<>(pool.nodes)) {
            if (node.removing && node.runningTasks.isEmpty() && !"leavingPool".equals(node.state)) {
                leave(node, at);
            }
            if (node.nextTransitionAt == null || node.nextTransitionAt.isAfter(at)) {
                continue;
            }
            Instant t = node.nextTransitionAt;
            switch (node.state) {
                case "creating" -> node.moveTo("starting", t, t.plus(Timings.STARTING));
                case "starting" -> {
                    if (pool.hasStartTask() && pool.startTaskWaitsForSuccess()) {
                        node.startTaskState = "running";
                        node.startTaskStart = t;
                        node.moveTo("waitingForStartTask", t, t.plus(Timings.START_TASK));
                    } else {
                        if (pool.hasStartTask()) {
                            node.startTaskState = node.broken ? "running" : "completed";
                            node.startTaskStart = t;
                            node.startTaskEnd = node.broken ? null : t;
                        }
                        node.moveTo(node.broken ? "unusable" : "idle", t, null);
                    }
                }
                case "waitingForStartTask" -> {
                    node.startTaskState = "completed";
                    node.startTaskEnd = t;
                    node.moveTo(node.broken ? "startTaskFailed" : "idle", t, null);
                }
                case "leavingPool" -> pool.nodes.remove(node);
                case "deallocating" -> node.moveTo("deallocated", t, null);
                default -> node.nextTransitionAt = null;
            }
        }
    }

    private void allocate(SimPool pool, Instant at) {
        ResizeOperation op = pool.resize;
        if (op == null || !op.allocating()) {
            return;
        }
        while (op.allocating() && !op.nextBatchAt.isAfter(at) && !op.nextBatchAt.isAfter(op.deadline)) {
            Optional<ImageCheck.Resolved> image = images.resolve(pool.image, pool.account.location);
            if (image.isEmpty()) {
                op.errors.add(new ResizeOperation.ResizeError("AllocationFailed",
                        "Desired number of nodes could not be allocated", List.of(new ResizeOperation.ResizeError(
                                "Message", "The image '" + pool.image.id() + "' has no version replicated to region '"
                                        + pool.account.location + "'", List.of()))));
                op.stopAllocating();
                return;
            }
            int batch = Timings.BATCH_SIZE;
            for (; batch > 0 && op.allocating(); batch--) {
                boolean dedicated = op.remainingDedicated > 0;
                if (dedicated) {
                    op.remainingDedicated--;
                } else {
                    op.remainingLowPriority--;
                }
                ImageCheck.Resolved r = image.get();
                pool.nodes.add(new SimNode(pool.nextNodeId(op.nextBatchAt), pool, dedicated, op.nextBatchAt,
                        r.referenceId(), r.exactVersion(), r.broken()));
            }
            op.nextBatchAt = op.nextBatchAt.plus(Timings.BATCH_INTERVAL);
        }
        if (op.allocating() && !op.deadline.isAfter(at)) {
            String kind = op.remainingDedicated > 0 ? "dedicated" : "low priority";
            op.errors.add(new ResizeOperation.ResizeError("AllocationTimedout",
                    "Desired number of " + kind + " nodes could not be allocated as the resize timeout was reached", List.of()));
            op.stopAllocating();
        }
    }

    private void finishResize(SimPool pool, Instant at) {
        if ("Resizing".equals(pool.allocationState) && !pool.deleting()
                && (pool.resize == null || !pool.resize.allocating())
                && pool.nodes.stream().noneMatch(n -> n.removing)) {
            setAllocationState(pool, "Steady", at);
        }
    }

    static void setAllocationState(SimPool pool, String state, Instant now) {
        if (!state.equals(pool.allocationState)) {
            pool.allocationState = state;
            pool.allocationStateTransitionTime = now;
            pool.stamp(now);
        }
    }

    /** The next instant a pool changes on its own: a node step, an allocation batch, the resize deadline, deletion. */
    Instant earliestDue(SimAccount account) {
        Instant earliest = null;
        for (SimPool pool : account.pools()) {
            if (pool.deleting()) {
                earliest = TaskEngine.min(earliest, pool.deleteAt);
            }
            ResizeOperation op = pool.resize;
            if (op != null && op.allocating()) {
                earliest = TaskEngine.min(earliest, op.nextBatchAt.isAfter(op.deadline) ? op.deadline : op.nextBatchAt);
            }
            for (SimNode node : pool.nodes) {
                earliest = TaskEngine.min(earliest, node.nextTransitionAt);
            }
        }
        return earliest;
    }
}
