package io.batchrollout.core.pools;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.List;
import java.util.Optional;

/**
 * Puts an existing pool under this app's management: writes the policy into its metadata (every other entry kept) with
 * the ETag read. Nothing else of the pool changes; the next pass decides as for any managed pool. Refuses a policy
 * whose image definition differs from the gallery image the pool runs: rolling it would replace the OS under the
 * pool's jobs, which adopting must not do by surprise.
 */
public final class PoolAdopter {
    private final BatchPools pools;

    public PoolAdopter(BatchPools pools) {
        this.pools = pools;
    }

    public sealed interface Outcome {
        /** The policy was written; {@code pool} as Batch returned it. */
        record Adopted(Pool pool) implements Outcome {
        }

        /** Already managed with this very policy: nothing written. */
        record AlreadyManaged(Pool pool) implements Outcome {
        }

        /** Managed with another policy (or one that cannot be read); nothing written. */
        record ManagedOtherwise(String detail, Optional<RolloutPolicy> existing) implements Outcome {
        }

        /** The pool runs another image definition than the one asked for; nothing written. */
        record ImageMismatch(String detail, ImageDefinitionId poolDefinition) implements Outcome {
        }

        record NotFound() implements Outcome {
        }

        /** The stated runningVersion cannot be recorded on this pool now (see the detail); nothing written. */
        record RunningVersionRefused(String detail) implements Outcome {
        }

        /** 412 on the write: the pool changed since it was read; nothing written, the caller may retry. */
        record ChangedMeanwhile(String detail) implements Outcome {
        }
    }

    /** @throws AzureCallException when Azure refuses the read or write for another reason */
    public Outcome adopt(PoolId id, RolloutPolicy policy) {
        return adopt(id, Adoption.of(policy));
    }

    /**
     * As {@link #adopt(PoolId, RolloutPolicy)}, recording the stated running version ({@link RolloutState#running}) when
     * the pool names its definition. A pool already managed with the same policy takes a running version too, while no
     * rollout is in progress (that is how an operator unblocks a pool whose rollback target is unknown).
     *
     * @throws AzureCallException when Azure refuses the read or write for another reason
     */
    public Outcome adopt(PoolId id, Adoption adoption) {
        RolloutPolicy policy = adoption.policy();
        Optional<Pool> found = pools.get(id);
        if (found.isEmpty()) {
            return new Outcome.NotFound();
        }
        Pool pool = found.get();
        RolloutPolicy.Decoded existing = RolloutPolicy.decode(pool.metadata());
        boolean managed = existing instanceof RolloutPolicy.Decoded.Present;
        if (existing instanceof RolloutPolicy.Decoded.Present present) {
            if (samePolicy(present.policy(), policy) && adoption.runningVersion().isPresent()) {
                return write(id, pool, pool.metadata(), adoption.runningVersion().get(), true);
            }
            if (samePolicy(present.policy(), policy) && tampered(pool).isPresent()) {
                // Adopting again resets a TAMPERED pool: its recorded state is forgotten, the policy kept.
                return update(id, pool, RolloutStateCodec.writeInto(pool.metadata(),
                        TamperedState.reset(tampered(pool).get(), "adoption")));
            }
            if (samePolicy(present.policy(), policy) && present.policy().canary() != policy.canary()) {
                // Only the canary flag differs: a team opts a managed pool in or out of proving candidates.
                return update(id, pool, policy.writeInto(pool.metadata()));
            }
            return samePolicy(present.policy(), policy) ? new Outcome.AlreadyManaged(pool)
                    : new Outcome.ManagedOtherwise("Pool '" + id.poolName() + "' is already managed with another policy ("
                    + describe(present.policy()) + "); nothing was changed.", Optional.of(present.policy()));
        }
        if (existing instanceof RolloutPolicy.Decoded.Unreadable unreadable) {
            return new Outcome.ManagedOtherwise("Pool '" + id.poolName() + "' carries policy entries that cannot be read ("
                    + unreadable.reason() + "); fix or remove them first. Nothing was changed.", Optional.empty());
        }
        Optional<ImageDefinitionId> running = PoolImage.of(pool.imageReferenceId()).definition();
        if (running.isPresent() && !same(running.get(), policy.image().definition())) {
            return new Outcome.ImageMismatch("Pool '" + id.poolName() + "' runs image definition " + running.get()
                    + ", not " + policy.image().definition() + "; adopting it would change its operating system image. "
                    + "Nothing was changed.", running.get());
        }
        if (adoption.runningVersion().isPresent()) {
            return write(id, pool, policy.writeInto(pool.metadata()), adoption.runningVersion().get(), managed);
        }
        return update(id, pool, policy.writeInto(pool.metadata()));
    }

    /**
     * The metadata with the running version recorded in the rollout state. A pool that names a version needs none (it
     * is its rollback target) and must not contradict it.
     */
    private Outcome write(PoolId id, Pool pool, List<Metadata> metadata, ImageVersionId running, boolean managed) {
        Optional<ImageVersionId> named = PoolImage.of(pool.imageReferenceId()).version();
        if (named.isPresent()) {
            return named.get().toString().equalsIgnoreCase(running.toString())
                    ? (managed ? new Outcome.AlreadyManaged(pool) : update(id, pool, metadata))
                    : new Outcome.RunningVersionRefused("Pool '" + id.poolName() + "' names image version " + named.get()
                    + ", so its nodes run that version, not " + running + ". Nothing was changed.");
        }
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        if (!(decoded instanceof RolloutStateCodec.Decoded.Present present)) {
            return new Outcome.RunningVersionRefused("Pool '" + id.poolName() + "' carries rollout state that cannot be "
                    + "read (" + ((RolloutStateCodec.Decoded.Unreadable) decoded).reason() + "); fix or remove it first. "
                    + "Nothing was changed.");
        }
        RolloutState state = present.state();
        if (state.phase().inProgress()) {
            return new Outcome.RunningVersionRefused("Pool '" + id.poolName() + "' is in phase " + state.phase()
                    + ": the running version matters only before a rollout starts. Nothing was changed.");
        }
        if (managed && state.running().filter(running.toString()::equalsIgnoreCase).isPresent()) {
            return new Outcome.AlreadyManaged(pool);
        }
        return update(id, pool, RolloutStateCodec.writeInto(metadata, state.withRunning(Optional.of(running.toString()))));
    }

    private static Optional<RolloutState> tampered(Pool pool) {
        return RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && TamperedState.isTampered(present.state()) ? Optional.of(present.state()) : Optional.empty();
    }

    private Outcome update(PoolId id, Pool pool, List<Metadata> metadata) {
        try {
            return new Outcome.Adopted(pools.update(id, PoolUpdate.metadata(metadata), pool.etag()));
        } catch (AzureCallException.PreconditionFailed | AzureCallException.Conflict raced) {
            return new Outcome.ChangedMeanwhile("Pool '" + id.poolName() + "' changed between reading and writing it ("
                    + raced.status() + " " + raced.code() + "); nothing was written, retry.");
        } catch (AzureCallException.NotFound gone) {
            return new Outcome.NotFound();
        }
    }

    /** ARM ids compare ignoring case; the kind (tracked or pinned) and the strategy must match too. */
    static boolean samePolicy(RolloutPolicy a, RolloutPolicy b) {
        return a.strategy() == b.strategy() && a.image().getClass() == b.image().getClass()
                && id(a.image()).equalsIgnoreCase(id(b.image()));
    }

    private static String id(ImageRef image) {
        return image instanceof ImageRef.Pinned pinned ? pinned.version().toString() : image.definition().toString();
    }

    private static boolean same(ImageDefinitionId a, ImageDefinitionId b) {
        return a.toString().equalsIgnoreCase(b.toString());
    }

    private static String describe(RolloutPolicy policy) {
        return (policy.image() instanceof ImageRef.Pinned ? "pinned to " : "tracking ") + id(policy.image()) + ", "
                + policy.strategy().wireName() + (policy.canary() ? ", canary" : "");
    }
}
