package io.batchrollout.core.rollout.gate;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import java.time.Instant;
import java.util.Optional;

/**
 * What the health gate measures a pool on a new image against, for both strategies (the restored pool in place, the
 * candidate blue-green). Fixed scale: its targets. Autoscale: the targets of Batch's first evaluation of the formula at
 * or after the formula was set ({@code scaleSetAt}: the restore, or the candidate's creation), never the nodes the pool
 * happens to run; until such an evaluation exists the gate waits. Counting current nodes instead let a pool that asked
 * for 10 nodes and got 2 healthy ones pass, and a broken image on a pool that has no node yet pass at once.
 *
 * <p>An evaluation error waits for a later evaluation until the deadline and fails there, naming the error. The formula
 * is the operator's and worked before the rollout, and a freshly restored pool often fails its first evaluation for
 * want of metric samples (InsufficientSampleData), so an early error is no proof against the image; but a pool whose
 * capacity cannot be known by the deadline cannot be verified, and an unverified image is not kept.
 *
 * <p>An evaluation asking for no node waits for nodes (a later evaluation may ask for some, and those are gated) and
 * passes at the deadline, saying there was nothing to verify: an idle autoscaled pool must not hold a rollout forever.
 */
public final class GateTarget {
    private GateTarget() {
    }

    /**
     * @param scale     the scale the verified pool was given (the restored scale, or the candidate's)
     * @param scaleSetAt when that scale was written: evaluations before it belong to other settings
     * @param since     when verifying started: the deadline counts from here
     */
    public static HealthGate.Verdict verdict(HealthGate gate, Pool pool, ScaleSettings scale, NodeCounts counts,
                                      Instant scaleSetAt, Instant since, Instant now) {
        Optional<PoolAutoScaleRun> run = pool.autoScaleRun().filter(r -> !r.evaluationTime().isBefore(scaleSetAt));
        // One rule for the deadline, shared with getPool and the drift report ("stuck").
        Instant deadline = PhaseDeadline.of(gate).verifying(since, scale, run);
        if (scale instanceof ScaleSettings.FixedScale fixed) {
            return gate.evaluate(pool, counts, fixed.totalNodes(), now, deadline);
        }
        if (run.isEmpty()) {
            String last = pool.autoScaleRun().map(r -> "the last one is from " + r.evaluationTime()).orElse("none yet");
            String text = "no evaluation of the autoscale formula since it was set at " + scaleSetAt + " (" + last + ")";
            return now.isBefore(deadline) ? new HealthGate.Verdict.Waiting(text + "; deadline " + deadline)
                    : new HealthGate.Verdict.Failed(text + " by the deadline " + deadline);
        }
        PoolAutoScaleRun evaluation = run.get();
        if (evaluation.error().isPresent() || evaluation.evaluatedTargets().isEmpty()) {
            String text = "the autoscale formula " + (evaluation.error().isPresent() ? "failed to evaluate at "
                    + evaluation.evaluationTime() + ": " + evaluation.error().get().describe()
                    : "evaluated at " + evaluation.evaluationTime() + " named no $TargetDedicatedNodes");
            return now.isBefore(deadline) ? new HealthGate.Verdict.Waiting(text + "; waiting for a later evaluation until "
                    + deadline) : new HealthGate.Verdict.Failed(text + "; no evaluation gave targets by the deadline " + deadline);
        }
        int target = evaluation.evaluatedTargets().get().total();
        if (target > 0) {
            return gate.evaluate(pool, counts, target, now, deadline);
        }
        int present = counts.dedicated().total() + counts.lowPriority().total();
        if (present > 0) {
            return gate.evaluate(pool, counts, present, now, deadline);
        }
        String text = "autoscale asked for 0 nodes at " + evaluation.evaluationTime();
        return now.isBefore(deadline) ? new HealthGate.Verdict.Waiting(text + "; waiting for nodes to verify until " + deadline)
                : new HealthGate.Verdict.Passed("no nodes to verify: " + text + " and none came by the deadline " + deadline);
    }
}
