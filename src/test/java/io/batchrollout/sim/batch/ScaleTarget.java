package io.batchrollout.sim.batch;

import java.time.Duration;

/**
 * A pool's scale settings as stored: fixed targets, or an autoscale formula with the targets its last evaluation
 * gave. {@code nodeDeallocationOption} is the Batch wire value (Requeue, Terminate, TaskCompletion, RetainedData).
 */
sealed interface ScaleTarget {

    int dedicated();

    int lowPriority();

    Duration resizeTimeout();

    String nodeDeallocationOption();

    record Fixed(int dedicated, int lowPriority, Duration resizeTimeout, String nodeDeallocationOption)
            implements ScaleTarget {
    }

    /** Autoscale resizes use Batch's defaults: 15 minute timeout, Requeue. */
    record Auto(String formula, Duration evaluationInterval, int dedicated, int lowPriority) implements ScaleTarget {
        @Override
        public Duration resizeTimeout() {
            return Timings.DEFAULT_RESIZE_TIMEOUT;
        }

        @Override
        public String nodeDeallocationOption() {
            return "Requeue";
        }
    }
}
