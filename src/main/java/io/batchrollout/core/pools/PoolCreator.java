package io.batchrollout.core.pools;

import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.List;
import java.util.Optional;

/**
 * Creates a managed pool on the version the readiness gate chooses, safely for pipeline retries. Before its PUT it
 * reads at most the Batch account (cached per process), the image definition, the version list (tracked images) and
 * one version; it never reads the pool first: the create is conditional (If-None-Match: *) and only a conflict reads
 * the existing pool to tell a retry from a clash.
 *
 * <p>The pool is created on the concrete version chosen, even when it tracks a definition: giving Batch the
 * definition id would let it build nodes from whatever version it calls latest, which the gate has not approved.
 * New pools drain with TaskCompletion, so no later shrink kills a running task.
 */
public final class PoolCreator {
    private final BatchPools pools;
    private final BatchAccountCache accounts;
    private final ImageResolver resolver;

    public PoolCreator(BatchPools pools, BatchAccountCache accounts, ImageResolver resolver) {
        this.pools = pools;
        this.accounts = accounts;
        this.resolver = resolver;
    }

    /** Throttling after the pipeline's retries leaves as {@link AzureCallException.Throttled}. */
    public CreatePoolOutcome create(CreatePoolCommand command) {
        BatchAccount account = accounts.get(command.poolId().account());
        ImageChoice choice = resolver.resolve(command.image(), new PoolTarget(account, command.targetDedicatedNodes(),
                command.targetLowPriorityNodes(), command.nodeAgentSkuId(), command.policy().seesCandidates()));
        if (choice instanceof ImageChoice.NotReady notReady) {
            // A retry of a create that succeeded earlier is still a success, even if the image has since become unfit.
            return existing(command).orElse(new CreatePoolOutcome.NotReady(notReady.reasons()));
        }
        ImageChoice.Ready ready = (ImageChoice.Ready) choice;
        try {
            return new CreatePoolOutcome.Created(pools.create(command.poolId(), spec(command, ready.version().id().toString())));
        } catch (AzureCallException.Conflict exists) {
            return existing(command).orElseThrow(() -> exists);
        } catch (AzureCallException.Failed refused) {
            if (refused.status() >= 400 && refused.status() < 500) {
                return new CreatePoolOutcome.RefusedByBatch(refused.status(), refused.code(), refused.getMessage());
            }
            throw refused;
        }
    }

    private Optional<CreatePoolOutcome> existing(CreatePoolCommand command) {
        return pools.get(command.poolId()).map(pool -> {
            List<SpecDifference> differences = SpecComparison.differences(command, pool);
            return differences.isEmpty() ? new CreatePoolOutcome.AlreadyExists(pool)
                    : new CreatePoolOutcome.ConflictingSpec(pool, differences);
        });
    }

    static PoolSpec spec(CreatePoolCommand command, String versionId) {
        return new PoolSpec(command.vmSize(), versionId, command.nodeAgentSkuId(),
                new ScaleSettings.FixedScale(command.targetDedicatedNodes(), command.targetLowPriorityNodes(),
                        command.resizeTimeout(), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                command.startTask(), command.metadata());
    }
}
