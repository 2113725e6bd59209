package io.batchrollout.core.model;

import java.time.Duration;

/** How a pool is sized: fixed targets or an autoscale formula. A pool has exactly one of them. */
public sealed interface ScaleSettings {

    /** What happens to running tasks when nodes leave the pool. */
    enum NodeDeallocationOption { REQUEUE, TERMINATE, TASK_COMPLETION, RETAINED_DATA }

    record FixedScale(int targetDedicatedNodes, int targetLowPriorityNodes, Duration resizeTimeout,
                      NodeDeallocationOption nodeDeallocationOption) implements ScaleSettings {
        public FixedScale {
            if (targetDedicatedNodes < 0 || targetLowPriorityNodes < 0) {
                throw new IllegalArgumentException("node targets cannot be negative");
            }
        }

        public int totalNodes() {
            return targetDedicatedNodes + targetLowPriorityNodes;
        }
    }

    record AutoScale(String formula, Duration evaluationInterval) implements ScaleSettings {
    }
}
