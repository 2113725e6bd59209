package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.port.AzureCallException;
import java.time.Clock;
import java.util.Optional;

/**
 * Applies one pool's decided step with the ETag the pass read, and words the outcome. Safe to call for different pools
 * from several threads ({@link ParallelWrites}): it holds nothing per pool.
 */
final class PoolStepWriter {
    /** A decided step waiting to be written, and what the pool's report says once it is. */
    record Write(BatchAccount account, Pool pool, RolloutState state, Step step, String phaseAfter) {
    }

    private final StepApplier applier;
    private final Clock clock;

    PoolStepWriter(StepApplier applier, Clock clock) {
        this.applier = applier;
        this.clock = clock;
    }

    /** Applies {@code w}; {@code notices} hears the state change of a write Azure accepted, and a 403. */
    PassReport.PoolDecision write(Write w, PassNotices notices) {
        Pool pool = w.pool();
        RolloutState state = w.state();
        Step step = w.step();
        try {
            applier.apply(w.account(), pool, step);
            Step.stateAfter(step).ifPresent(after -> notices.written(pool, state, after));
            return decision(pool, w.phaseAfter(), PoolReads.version(pool, Step.stateAfter(step).orElse(state)),
                    step.label(), step.reason());
        } catch (AzureCallException.PreconditionFailed | AzureCallException.Conflict raced) {
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), step.label() + " not applied",
                    "the pool changed since it was read (" + raced.status() + " " + raced.code()
                            + "); the next pass re-reads it and decides again");
        } catch (StepApplier.Withheld withheld) {
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), step.label() + " withheld",
                    withheld.getMessage() + "; nothing deleted, the next pass re-reads it and decides again");
        } catch (AzureCallException.Throttled throttled) {
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), step.label() + " not applied",
                    "throttled; left for a later pass");
        } catch (AzureCallException failed) {
            Optional<Refusal.Kind> refused = Refusal.isRefusal(failed) ? Refusal.kindOf(step, state) : Optional.empty();
            if (refused.isPresent()) {
                return recordRefusal(w, refused.get(), failed, notices);
            }
            if (Refusal.isPermission(failed)) {
                notices.denied(pool, state, step.label(), failed);
                return decision(pool, state.phase().name(), PoolReads.version(pool, state), step.label() + " failed",
                        "PERMISSION DENIED: " + failed.status() + " " + failed.code() + ": " + failed.getMessage()
                                + "; the app's identity lacks a role for this call (not the image's fault: nothing is "
                                + "rejected); grant it and the next pass tries again");
            }
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), step.label() + " failed",
                    failed.status() + " " + failed.code() + ": " + failed.getMessage());
        }
    }

    /**
     * Azure refused the step for a reason retrying will not fix ({@link Refusal}): record it on the pool, with the ETag
     * the pass read (the refused call changed nothing, so it still holds); the next pass decides on it
     * ({@link io.batchrollout.core.rollout.inplace.RefusalRules}). If this write fails too, nothing is lost: the next pass is refused again and records it.
     */
    private PassReport.PoolDecision recordRefusal(Write w, Refusal.Kind kind, AzureCallException failed,
                                                  PassNotices notices) {
        Pool pool = w.pool();
        RolloutState state = w.state();
        Step step = w.step();
        Refusal refusal = Refusal.next(state.refused(), kind, Refusal.versionOf(step, pool.imageReferenceId()), failed,
                clock.instant());
        String refused = "Azure refused " + refusal.describe() + (refusal.count() > 1 ? ", " + refusal.count()
                + " times in a row" : "");
        String text = refused + "; recorded on the pool, the next pass decides on it";
        String version = PoolReads.version(pool, state);
        try {
            RolloutState recorded = state.withRefused(Optional.of(refusal)).withDecision(text);
            applier.apply(w.account(), pool, Step.record(recorded));
            notices.written(pool, state, recorded);
            return decision(pool, state.phase().name(), version, step.label() + " refused", text);
        } catch (AzureCallException notRecorded) {
            return decision(pool, state.phase().name(), version, step.label() + " refused", refused
                    + "; recording it failed (" + notRecorded.status() + " " + notRecorded.code()
                    + "): the next pass is refused again and records it then");
        }
    }

    private static PassReport.PoolDecision decision(Pool pool, String phase, String version, String step, String reason) {
        return new PassReport.PoolDecision(pool.id(), phase, version, step, reason);
    }
}
