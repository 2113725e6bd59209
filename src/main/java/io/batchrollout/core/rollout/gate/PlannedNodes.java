package io.batchrollout.core.rollout.gate;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import java.util.Optional;

/**
 * The size an autoscaled pool is planned for (image replicas, core quota). What it runs now can be far below what its
 * formula asks for (a pool still growing, or held short by quota): when Batch's last evaluation asked for more, the
 * larger number is used, per node kind, so the image and the quota are ready for the capacity the formula wants.
 */
public final class PlannedNodes {
    private PlannedNodes() {
    }

    public static PoolAutoScaleRun.Targets autoscaled(Pool pool) {
        PoolAutoScaleRun.Targets evaluated = pool.autoScaleRun().flatMap(PoolAutoScaleRun::evaluatedTargets)
                .orElse(new PoolAutoScaleRun.Targets(0, 0));
        return new PoolAutoScaleRun.Targets(Math.max(pool.currentDedicatedNodes(), evaluated.dedicated()),
                Math.max(pool.currentLowPriorityNodes(), evaluated.lowPriority()));
    }

    /**
     * What a pool about to be drained is planned for, kept beside its saved scale ({@link io.batchrollout.core.rollout.state.RolloutState#savedNodes}):
     * under autoscale the larger of what it runs and what its formula last asked for; empty for a fixed scale, whose
     * targets are saved already.
     */
    public static Optional<PoolAutoScaleRun.Targets> beforeDrain(Pool pool) {
        return pool.scaleSettings() instanceof ScaleSettings.AutoScale ? Optional.of(autoscaled(pool)) : Optional.empty();
    }

    /**
     * Dedicated plus low-priority nodes the pool is planned for: its fixed targets, under autoscale what it runs or its
     * formula asked for, otherwise (a fixed 0/0 pool) what it runs. The capacity a rollout of it puts at risk.
     */
    public static int total(Pool pool) {
        if (pool.scaleSettings() instanceof ScaleSettings.FixedScale f && f.totalNodes() > 0) {
            return f.totalNodes();
        }
        if (pool.scaleSettings() instanceof ScaleSettings.AutoScale) {
            PoolAutoScaleRun.Targets planned = autoscaled(pool);
            return planned.dedicated() + planned.lowPriority();
        }
        return pool.currentDedicatedNodes() + pool.currentLowPriorityNodes();
    }
}
