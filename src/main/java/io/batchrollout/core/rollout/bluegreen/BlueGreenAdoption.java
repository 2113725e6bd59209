package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A candidate that took over because someone else deleted the pool it replaced adopts the jobs left on that pool
 * (phase ADOPTING_JOBS): Batch keeps a job whose pool was deleted, and its tasks wait for a pool that never comes back.
 * Only a verified candidate adopts (it passed its gate, in place or while the old pool moved jobs to it), with the same
 * one-call-per-pass move as the forward move, progress in its own links ({@code moving}, {@code moved}), so a crashed
 * pass resumes where the job stands. A job found disabled stays disabled ({@link BlueGreenLinks.DisabledBy}).
 */
public final class BlueGreenAdoption {
    private BlueGreenAdoption() {
    }

    /** The candidate passed its gate in place and still names the pool it replaced: adopt that pool's jobs next. */
    public static RolloutState afterGate(RolloutState state, String version, String gateSummary, Instant now) {
        String old = state.links().replaces().orElseThrow();
        return state.enter(RolloutPhase.ADOPTING_JOBS, now).withDecision("on " + version + ", health gate passed: "
                + gateSummary + "; the jobs still naming the deleted pool " + old + " move onto this pool");
    }

    /**
     * The pool it replaced is being deleted by someone else while it moved its jobs (the candidate was verified then):
     * the candidate takes over the job being moved as it stands, with who disabled it, so a job the old pool disabled
     * is enabled again and one an operator disabled is not.
     */
    static RolloutState takeOverMove(RolloutState candidate, RolloutState old, Instant now) {
        BlueGreenLinks own = candidate.links();
        BlueGreenLinks links = new BlueGreenLinks(own.group(), Optional.empty(), own.replaces(), old.links().moving(),
                old.links().movingDisabledBy(), List.of());
        String replaced = own.replaces().orElse("?");
        return candidate.enter(RolloutPhase.ADOPTING_JOBS, now).withLinks(links).withDecision(replaced
                + " was deleted by someone else while its jobs moved to this verified pool: it is the active pool of group "
                + own.group().orElse("?") + " and moves the jobs still naming " + replaced + " onto itself");
    }

    static Step decide(Pool self, RolloutState state, BlueGreenView view, Instant now) {
        Optional<String> replaced = state.links().replaces();
        String version = state.target().map(PoolFacts::versionName).orElse("?");
        String group = state.links().group().orElse(self.id().poolName());
        if (replaced.isEmpty()) {
            return Step.none("phase ADOPTING_JOBS lacks the pool it replaced: an operator must look at it");
        }
        String old = replaced.get();
        if (view.pool(old).filter(p -> !BlueGreenDecider.deleting(p)).isPresent()) {
            // Someone created a pool of that name again: the jobs naming it have a pool to run on.
            return Step.record(state.settle(RolloutPhase.STABLE, now).withDecision("on " + version + ", the active pool "
                    + "of group " + group + "; a pool named " + old + " exists again, so the jobs naming it stay there"));
        }
        return JobMoves.move(self, state, old, self.id().poolName(), view.jobsOnOld(), view.jobsOnCandidate(),
                true, () -> Step.record(state.settle(RolloutPhase.STABLE, now).withDecision("on " + version
                        + ", the active pool of group " + group + " (health gate passed on it); no job names the deleted "
                        + "pool " + old + " any more (" + state.links().moved().size() + " adopted)")));
    }
}
