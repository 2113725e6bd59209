package io.batchrollout.sim.batch;

import io.batchrollout.sim.TimeDriven;
import java.time.Instant;

/**
 * Moves every Batch account to a point in simulated time, one due event after the other, so that a long clock jump
 * plays out as Batch would: a node that becomes idle at 09:04 takes a task at 09:04, which ends at 09:04 plus its
 * runtime, not at the end of the jump. Handlers call {@link #settle} after a change, at the current instant.
 */
final class BatchClockwork implements TimeDriven {
    private static final int MAX_STEPS = 1_000_000;

    private final BatchStore store;
    private final AllocationEngine allocation;
    private final TaskEngine tasks;
    private final AutoscaleRuns autoscale;

    BatchClockwork(BatchStore store, AllocationEngine allocation, TaskEngine tasks) {
        this.store = store;
        this.allocation = allocation;
        this.tasks = tasks;
        this.autoscale = new AutoscaleRuns(allocation);
    }

    @Override
    public void advanceTo(Instant now) {
        Instant previous = null;
        int stuck = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            Instant next = earliestDue();
            if (next == null || next.isAfter(now)) {
                break;
            }
            stuck = previous != null && !next.isAfter(previous) ? stuck + 1 : 0;
            if (stuck > 100) {
                throw new IllegalStateException("the Batch simulation makes no progress at " + next);
            }
            settle(next);
            previous = next;
        }
        settle(now);
    }

    /** Applies everything due at {@code at}; idempotent for the same instant. */
    void settle(Instant at) {
        for (SimAccount account : store.all()) {
            tasks.completeDue(account, at);
            autoscale.advance(account, at);
            allocation.advance(account, at);
            tasks.advanceJobs(account, at);
            tasks.schedule(account, at);
        }
    }

    private Instant earliestDue() {
        Instant earliest = null;
        for (SimAccount account : store.all()) {
            earliest = TaskEngine.min(earliest, allocation.earliestDue(account));
            earliest = TaskEngine.min(earliest, tasks.earliestDue(account));
            earliest = TaskEngine.min(earliest, autoscale.earliestDue(account));
        }
        return earliest;
    }
}
