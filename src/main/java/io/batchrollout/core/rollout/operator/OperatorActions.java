package io.batchrollout.core.rollout.operator;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Operator actions on one managed pool: read it, edit its rollout state ({@link OperatorEdit}), write the full metadata
 * back with the ETag read. A pass that wrote in between makes the write fail with 412: the operator is told to retry
 * rather than having a decision of the reconciler silently overwritten. Nothing here waits for Azure; the next pass
 * acts on the new state.
 */
public final class OperatorActions {
    private final BatchPools pools;
    private final Clock clock;
    private final Consumer<String> log;

    public OperatorActions(BatchPools pools, Clock clock, Consumer<String> log) {
        this.pools = pools;
        this.clock = clock;
        this.log = log;
    }

    public sealed interface Outcome {
        /** The action was written; {@code pool} is the pool as Batch returned it after the write. */
        record Applied(Pool pool, RolloutPolicy policy, RolloutState state) implements Outcome {
        }

        /** Nothing to write: the pool already was as asked. */
        record AlreadySo(Pool pool, RolloutPolicy policy, RolloutState state, String reason) implements Outcome {
        }

        /** No such pool, or one this app does not manage. */
        record NotManaged() implements Outcome {
        }

        /** The action does not apply now (nothing to roll back, unreadable state...). Nothing was written. */
        record Refused(String reason) implements Outcome {
        }

        /** The pool changed between the read and the write (412): nothing was written; the caller may retry. */
        record ChangedMeanwhile(String reason) implements Outcome {
        }
    }

    /** @throws AzureCallException when Azure refuses the read or the write for another reason (throttling, 5xx...) */
    public Outcome apply(PoolId id, OperatorAction action) {
        Optional<Pool> found = pools.get(id);
        Optional<RolloutPolicy> policy = found.flatMap(RolloutPolicy::of);
        if (policy.isEmpty()) {
            return new Outcome.NotManaged();
        }
        Pool pool = found.get();
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        if (decoded instanceof RolloutStateCodec.Decoded.Unreadable unreadable) {
            return new Outcome.Refused(unreadable.reason() + "; fix or remove those entries first");
        }
        RolloutState state = ((RolloutStateCodec.Decoded.Present) decoded).state();
        // A TAMPERED pool is reset by a retry: its recorded state is forgotten, not acted on.
        OperatorEdit.Result edit = action == OperatorAction.RETRY && TamperedState.isTampered(state)
                ? new OperatorEdit.Result.Write(TamperedState.reset(state, "operator: retry"))
                : OperatorEdit.apply(action, pool, state, clock.instant());
        if (edit instanceof OperatorEdit.Result.Refused refused) {
            return new Outcome.Refused(refused.reason());
        }
        if (edit instanceof OperatorEdit.Result.AlreadySo same) {
            return new Outcome.AlreadySo(pool, policy.get(), state, same.reason());
        }
        RolloutState next = ((OperatorEdit.Result.Write) edit).state();
        try {
            Pool written = pools.update(id, PoolUpdate.metadata(RolloutStateCodec.writeInto(pool.metadata(), next)), pool.etag());
            log.accept("pool " + id.poolName() + ": phase " + next.phase() + ", " + next.lastDecision().orElse(action.wireName()));
            return new Outcome.Applied(written, policy.get(), next);
        } catch (AzureCallException.PreconditionFailed | AzureCallException.Conflict raced) {
            return new Outcome.ChangedMeanwhile("pool " + id.poolName() + " changed between reading and writing it ("
                    + raced.status() + " " + raced.code() + "); nothing was written, retry the action");
        } catch (AzureCallException.NotFound gone) {
            return new Outcome.NotManaged();
        }
    }
}
