package io.batchrollout.core.rollout.notify;

import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Instant;
import java.util.Objects;

/**
 * One pool's rollout state as a pass read it and as a successful write recorded it. Only a write Azure accepted (with
 * the ETag the pass read) makes a transition, so of two passes racing on one pool only the winner has one.
 *
 * @param pool       the pool written
 * @param definition the image definition its policy tracks (ARM id)
 * @param etagRead   the pool's ETag before the write: with the pool and the type, it names the event ({@code id})
 * @param before     the state read
 * @param after      the state written
 * @param poolImage  the pool's image reference as read (the version it runs at rest)
 * @param at         when (the app's clock)
 */
public record Transition(PoolId pool, String definition, String etagRead, RolloutState before, RolloutState after,
                         String poolImage, Instant at) {
    public Transition {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(at, "at");
        etagRead = etagRead == null ? "" : etagRead;
        poolImage = poolImage == null ? "" : poolImage;
    }
}
