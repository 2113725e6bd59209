package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageDefinitionId;

/**
 * CONTRACT (being written): runs reconcile passes. A pass reads the world, decides at most one step per pool, applies
 * it with the pool's ETag, records progress on the pool's own metadata and returns; it never waits for Azure. Passes
 * may be repeated or run twice at once and stay correct. The timer trigger and Event Grid events both run passes.
 */
public interface RolloutEngine {

    /** One pass over every managed pool of the configured Batch accounts (the timer trigger). */
    PassReport reconcileAll();

    /** One pass over the managed pools whose policy tracks this image definition (an event about one of its versions). */
    PassReport reconcileTracking(ImageDefinitionId definition);
}
