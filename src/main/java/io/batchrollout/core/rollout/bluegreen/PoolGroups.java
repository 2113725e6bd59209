package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchPools;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Blue-green groups: the logical pool name pipelines submit to, and which real pool answers to it now. The first
 * pool's id is the group; a candidate is named {@code {group}-v{Major}-{Minor}-{Patch}}, so two passes (or two
 * instances) starting the same rollout name the same pool and the second create is a Conflict, never a second pool.
 */
public final class PoolGroups {
    /** Batch: pool ids are letters, digits, '-' and '_', at most 64 characters. */
    public static final int MAX_POOL_ID_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private final BatchPools pools;

    public PoolGroups(BatchPools pools) {
        this.pools = pools;
    }

    /**
     * The pool pipelines should submit to for {@code group} now (one list call), or empty when no pool of the account
     * answers to that name. A pool that never took part in a blue-green rollout answers to its own id.
     */
    public Optional<PoolId> activePool(BatchAccountId account, String group) {
        return activeIn(pools.list(account), group).map(Pool::id);
    }

    /**
     * Among an account's pools: once the candidate is verified (the old pool moves its jobs or retires) the candidate;
     * otherwise the group's pool that is not a candidate; a candidate whose old pool is already gone; pools being
     * deleted never.
     */
    public static Optional<Pool> activeIn(List<Pool> pools, String group) {
        List<Pool> members = pools.stream().filter(p -> !"Deleting".equalsIgnoreCase(p.provisioningState()))
                .filter(p -> groupOf(p).equalsIgnoreCase(group)).toList();
        for (Pool member : members) {
            RolloutState state = stateOf(member);
            if (state.phase() == RolloutPhase.MOVING_JOBS || state.phase() == RolloutPhase.RETIRING_OLD_POOL) {
                Optional<Pool> candidate = state.links().candidate().flatMap(name -> named(members, name));
                if (candidate.isPresent()) {
                    return candidate;
                }
            }
        }
        Optional<Pool> notCandidate = members.stream().filter(p -> stateOf(p).phase() != RolloutPhase.CANDIDATE).findFirst();
        return notCandidate.isPresent() ? notCandidate : members.stream().findFirst();
    }

    /** The group a pool belongs to: its recorded group, else its own id. */
    public static String groupOf(Pool pool) {
        return stateOf(pool).links().group().orElse(pool.id().poolName());
    }

    /**
     * {@code {group}-v1-2-3}. When that is longer than Batch allows, the group part is cut and followed by a hash of
     * the whole group name, so two long groups sharing a prefix still get different candidates.
     */
    public static String candidateName(String group, SemanticVersion version) {
        String suffix = "-v" + version.major() + "-" + version.minor() + "-" + version.patch();
        if (group.length() + suffix.length() <= MAX_POOL_ID_LENGTH) {
            return group + suffix;
        }
        int keep = MAX_POOL_ID_LENGTH - suffix.length() - HASH_CHARS - 1;
        return group.substring(0, keep) + "-" + hash(group) + suffix;
    }

    public static Optional<Pool> named(List<Pool> pools, String name) {
        return pools.stream().filter(p -> p.id().poolName().equalsIgnoreCase(name)).findFirst();
    }

    public static RolloutState stateOf(Pool pool) {
        return RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                ? present.state() : RolloutState.initial();
    }

    private static String hash(String group) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
