package io.batchrollout.core.pools;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adopt request asks: the policy, and optionally the concrete version the pool's nodes run now. Batch does not
 * report that version for a pool that names its image definition (its nodes report the definition), yet the first
 * in-place rollout of such a pool needs it as its rollback target; stated here, it is recorded on the pool.
 *
 * @param runningVersion a version of the policy's tracked definition (the parser checks that, and the gallery)
 */
public record Adoption(RolloutPolicy policy, Optional<ImageVersionId> runningVersion) {
    public Adoption {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(runningVersion, "runningVersion");
        if (runningVersion.isPresent() && !(policy.image() instanceof ImageRef.Tracked
                && runningVersion.get().definition().toString().equalsIgnoreCase(policy.image().definition().toString()))) {
            throw new IllegalArgumentException("runningVersion must be a version of the tracked definition");
        }
    }

    public static Adoption of(RolloutPolicy policy) {
        return new Adoption(policy, Optional.empty());
    }
}
