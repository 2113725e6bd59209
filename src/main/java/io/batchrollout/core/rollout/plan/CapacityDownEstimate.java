package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.ResizeTimeout;
import io.batchrollout.core.rollout.plan.RolloutPlan.CapacityDown;
import io.batchrollout.core.rollout.state.Step;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long a rollout holds the pool's capacity down, from what is known and nothing more. A drain ends when the tasks
 * running on the pool's nodes finish (the drain deallocates on task completion), and Batch says nothing about when a
 * task will finish, so no number is given for it; what follows has bounds the app enforces: the restore's resizeTimeout
 * (the pool's own, raised to 15 minutes per started 1,000 nodes, as the pass restores it) and VERIFY_GRACE, the same
 * sum the health gate's deadline is made of.
 */
final class CapacityDownEstimate {
    private CapacityDownEstimate() {
    }

    static CapacityDown of(PlanFacts facts, Pool pool, RolloutStrategy strategy, PoolTarget target, String version) {
        Duration resize = restoreTimeout(pool, target.totalNodes());
        Duration afterDrain = resize.plus(facts.verifyGrace());
        int nodes = pool.currentDedicatedNodes() + pool.currentLowPriorityNodes();
        String bounds = "within its resizeTimeout " + resize + " (for " + count(target.totalNodes()) + ") and the health "
                + "gate within VERIFY_GRACE " + facts.verifyGrace();
        if (strategy == RolloutStrategy.BLUE_GREEN) {
            return new CapacityDown(Optional.of(Duration.ZERO), afterDrain, nodes, OptionalInt.empty(), "none: the "
                    + "candidate on " + version + " is created beside the pool " + bounds + " (at most " + afterDrain
                    + ") before jobs move; the pool keeps its " + count(nodes) + " until then");
        }
        NodeCounts counts = facts.nodeCounts().get(PlanFacts.key(pool.id()));
        String rest = "then the image change on the empty pool, then the restore " + bounds + ": at most " + afterDrain
                + " after the drain";
        if (counts == null) {
            return new CapacityDown(Optional.empty(), afterDrain, nodes, OptionalInt.empty(), "drain: the " + count(nodes)
                    + " leave as their running tasks finish (node counts not read); " + rest);
        }
        int running = counts.dedicated().running() + counts.lowPriority().running();
        if (running == 0) {
            return new CapacityDown(Optional.of(afterDrain), afterDrain, nodes, OptionalInt.of(0), "drain: no node runs a "
                    + "task now, so the " + count(nodes) + " leave at once; " + rest);
        }
        return new CapacityDown(Optional.empty(), afterDrain, nodes, OptionalInt.of(running), "drain: lasts until the "
                + "tasks running on " + running + " of the " + count(nodes) + " finish (no end time is known for a task; "
                + "idle nodes leave at once); " + rest);
    }

    private static String count(int nodes) {
        return nodes + (nodes == 1 ? " node" : " nodes");
    }

    /** The timeout the pass restores the pool with (fixed scale), or the one sized for the planned nodes (autoscale). */
    static Duration restoreTimeout(Pool pool, int plannedNodes) {
        if (pool.scaleSettings() instanceof ScaleSettings.FixedScale fixed) {
            Duration restored = ((ScaleSettings.FixedScale) Step.restoreScale(fixed)).resizeTimeout();
            return restored != null ? restored : ResizeTimeout.forNodes(fixed.totalNodes());
        }
        return ResizeTimeout.forNodes(plannedNodes);
    }
}
