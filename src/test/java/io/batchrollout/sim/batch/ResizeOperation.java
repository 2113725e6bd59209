package io.batchrollout.sim.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The current (Resizing) or last finished (Steady) resize of a pool: what Batch reports as resizeOperationStatus,
 * plus the simulator's own bookkeeping of nodes still to allocate.
 */
final class ResizeOperation {

    /** A resize error as Batch reports it; {@code details} are name/message pairs. */
    record ResizeError(String code, String message, List<ResizeError> details) {
        ResizeError {
            details = List.copyOf(details);
        }
    }

    final int targetDedicated;
    final int targetLowPriority;
    final Duration resizeTimeout;
    final String nodeDeallocationOption;
    final Instant startTime;
    final Instant deadline;
    int remainingDedicated;
    int remainingLowPriority;
    Instant nextBatchAt;
    /** Errors found while resizing; Batch shows them only once the pool is Steady again. */
    final List<ResizeError> errors = new ArrayList<>();

    ResizeOperation(int targetDedicated, int targetLowPriority, Duration resizeTimeout, String nodeDeallocationOption,
                    Instant startTime) {
        this.targetDedicated = targetDedicated;
        this.targetLowPriority = targetLowPriority;
        this.resizeTimeout = resizeTimeout;
        this.nodeDeallocationOption = nodeDeallocationOption;
        this.startTime = startTime;
        this.deadline = startTime.plus(resizeTimeout);
        this.nextBatchAt = startTime.plus(Timings.FIRST_BATCH);
    }

    boolean allocating() {
        return remainingDedicated + remainingLowPriority > 0;
    }

    void stopAllocating() {
        remainingDedicated = 0;
        remainingLowPriority = 0;
    }
}
