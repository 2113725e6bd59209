package io.batchrollout.port;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolPage;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import java.util.List;
import java.util.Optional;

/**
 * Batch pools through Azure Resource Manager. Creates send If-None-Match: *, updates the ETag the caller read, so a
 * concurrent writer surfaces as {@link AzureCallException.PreconditionFailed} instead of a lost update. Deletes are
 * the exception: Pool_Delete takes no conditional header, so a caller re-reads the pool just before deleting it.
 */
public interface BatchPools {

    BatchAccount account(BatchAccountId id);

    List<Pool> list(BatchAccountId account);

    /**
     * One page of the account's pools: the first (asking ARM for at most {@code maxResults}) when {@code nextLink} is
     * empty, else the page at that link. The caller must have checked the link (it is sent with the app's token).
     */
    PoolPage listPage(BatchAccountId account, Optional<String> nextLink, int maxResults);

    Optional<Pool> get(PoolId id);

    /** Creates the pool only if no pool of that id exists; {@link AzureCallException.Conflict} otherwise. */
    Pool create(PoolId id, PoolSpec spec);

    /**
     * Creates pool {@code id} (only if absent, like {@link #create}) with the spec's fields and every other property
     * of {@code source} as it is now: network configuration, user accounts, mounts, task slots and scheduling,
     * certificates, application packages and licenses, identity, the rest of the VM configuration. A blue-green
     * candidate must be the same pool on another image, including what this app does not model.
     */
    Pool createLike(PoolId source, PoolId id, PoolSpec spec);

    Pool update(PoolId id, PoolUpdate update, String ifMatch);

    /**
     * Points the pool at another image (and node agent, which Batch requires alongside it). Batch allows it only while
     * the pool is Steady with no nodes; the next resize builds nodes from the new image.
     */
    Pool changeImage(PoolId id, String imageReferenceId, String nodeAgentSkuId, String ifMatch);

    /**
     * Starts deleting the pool, unconditionally: Pool_Delete has no If-Match (management spec 2024-07-01), so whatever
     * must still hold (same ETag, no jobs...) is checked by the caller on a fresh read right before. A pool that is
     * already gone counts as deleted.
     */
    void delete(PoolId id);
}
