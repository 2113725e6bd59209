package io.batchrollout.sim.batch;

import java.time.Instant;
import java.util.List;

/**
 * Batch's autoscale evaluations over simulated time: the formula is evaluated when autoscale is set (created, enabled
 * or changed) and then every evaluationInterval; each evaluation is stamped on the pool as its autoScaleRun
 * ({@code evaluationTime}, {@code results} in Batch's {@code $Name=value;...} form, {@code error} when it failed). A
 * successful evaluation that changes the targets of a Steady pool resizes it; a failed one keeps the targets as they
 * were. Evaluations change no ETag: they are the service's own bookkeeping, not a change to the pool's settings.
 */
final class AutoscaleRuns {

    /** The last evaluation, as autoScaleRun shows it. */
    record Run(Instant evaluationTime, String results, AutoscaleFormula.Evaluation.Failed error) {
    }

    private final AllocationEngine allocation;

    AutoscaleRuns(AllocationEngine allocation) {
        this.allocation = allocation;
    }

    /**
     * Evaluates {@code requested} at {@code now} against the pool's current targets; stamps the run and schedules the
     * next one. The caller stores the returned scale (it decides whether a resize may start).
     */
    static ScaleTarget.Auto evaluate(SimPool pool, ScaleTarget.Auto requested, Instant now) {
        AutoscaleFormula.Targets kept = new AutoscaleFormula.Targets(pool.scale == null ? 0 : pool.scale.dedicated(),
                pool.scale == null ? 0 : pool.scale.lowPriority());
        AutoscaleFormula.Evaluation evaluation = AutoscaleFormula.evaluate(requested.formula());
        AutoscaleFormula.Targets targets = evaluation instanceof AutoscaleFormula.Evaluation.Evaluated ok ? ok.targets() : kept;
        ScaleTarget.Auto scale = new ScaleTarget.Auto(requested.formula(), requested.evaluationInterval(),
                targets.dedicated(), targets.lowPriority());
        pool.autoScaleRun = new Run(now, AutoscaleFormula.results(targets, scale.nodeDeallocationOption()),
                evaluation instanceof AutoscaleFormula.Evaluation.Failed failed ? failed : null);
        pool.nextEvaluationAt = now.plus(requested.evaluationInterval());
        return scale;
    }

    /** A pool leaving autoscale keeps no run and no schedule. */
    static void stop(SimPool pool) {
        pool.autoScaleRun = null;
        pool.nextEvaluationAt = null;
    }

    /** Runs every evaluation due by {@code at}, each at its own due time. */
    void advance(SimAccount account, Instant at) {
        for (SimPool pool : List.copyOf(account.pools())) {
            while (pool.scale instanceof ScaleTarget.Auto auto && !pool.deleting() && pool.nextEvaluationAt != null
                    && !pool.nextEvaluationAt.isAfter(at)) {
                Instant due = pool.nextEvaluationAt;
                ScaleTarget.Auto evaluated = evaluate(pool, auto, due);
                boolean changed = evaluated.dedicated() != pool.scale.dedicated()
                        || evaluated.lowPriority() != pool.scale.lowPriority();
                if (changed && pool.steady()) {
                    pool.scale = evaluated;
                    allocation.resize(pool, due);
                }
                // While the pool resizes, new targets wait for an evaluation that finds it Steady.
            }
        }
    }

    Instant earliestDue(SimAccount account) {
        Instant earliest = null;
        for (SimPool pool : account.pools()) {
            if (pool.scale instanceof ScaleTarget.Auto && !pool.deleting()) {
                earliest = TaskEngine.min(earliest, pool.nextEvaluationAt);
            }
        }
        return earliest;
    }
}
