package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReplicaRule;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pure {@link Planner} decides from, read beforehand by {@link PlanReader}: nothing in here reads Azure.
 *
 * @param version        the version planned for, read with its replication status
 * @param everyPool      every pool listed in the configured accounts, managed or not (waves count them all)
 * @param accounts       the listed accounts, by lower-case account id
 * @param gate           the readiness gate's reasons against the version, by lower-case pool id (no entry: not evaluated)
 * @param nodeCounts     node counts of the in-place pools that would roll, by lower-case pool id (no entry: not read)
 * @param capacity       capacity of the accounts with a blue-green pool that would roll, by lower-case account id
 * @param capacityFailed why an account's capacity could not be read, by lower-case account id
 * @param listed         the definition's version list (no replication status): which newer versions a pass could take
 */
public record PlanFacts(ImageDefinitionId definition, ImageVersion version, List<Pool> everyPool,
                        Map<String, BatchAccount> accounts, List<String> unreadAccounts, int limit, Duration verifyGrace,
                        ReplicaRule replicas, Map<String, List<Reason>> gate, Map<String, NodeCounts> nodeCounts,
                        Map<String, Capacity> capacity, Map<String, String> capacityFailed, List<ImageVersion> listed) {

    /** Facts without the version list (no newer version is known). */
    public PlanFacts(ImageDefinitionId definition, ImageVersion version, List<Pool> everyPool,
                     Map<String, BatchAccount> accounts, List<String> unreadAccounts, int limit, Duration verifyGrace,
                     ReplicaRule replicas, Map<String, List<Reason>> gate, Map<String, NodeCounts> nodeCounts,
                     Map<String, Capacity> capacity, Map<String, String> capacityFailed) {
        this(definition, version, everyPool, accounts, unreadAccounts, limit, verifyGrace, replicas, gate, nodeCounts,
                capacity, capacityFailed, List.of());
    }

    public PlanFacts {
        listed = List.copyOf(listed);
        everyPool = List.copyOf(everyPool);
        accounts = Map.copyOf(accounts);
        unreadAccounts = List.copyOf(unreadAccounts);
        gate = Map.copyOf(gate);
        nodeCounts = Map.copyOf(nodeCounts);
        capacity = Map.copyOf(capacity);
        capacityFailed = Map.copyOf(capacityFailed);
        if (limit < 1) {
            throw new IllegalArgumentException("a wave lets at least one pool roll at a time");
        }
    }

    /** The same facts with the node counts and capacities read for the pools that would roll. */
    public PlanFacts withRollReads(Map<String, NodeCounts> counts, Map<String, Capacity> capacities,
                                   Map<String, String> failures) {
        return new PlanFacts(definition, version, everyPool, accounts, unreadAccounts, limit, verifyGrace, replicas, gate,
                counts, capacities, failures, listed);
    }

    /** The same facts knowing the definition's version list. */
    public PlanFacts withListed(List<ImageVersion> versions) {
        return new PlanFacts(definition, version, everyPool, accounts, unreadAccounts, limit, verifyGrace, replicas, gate,
                nodeCounts, capacity, capacityFailed, versions);
    }

    static String key(PoolId pool) {
        return pool.toString().toLowerCase(Locale.ROOT);
    }

    static String key(BatchAccountId account) {
        return account.toString().toLowerCase(Locale.ROOT);
    }

    Optional<BatchAccount> account(Pool pool) {
        return Optional.ofNullable(accounts.get(key(pool.id().account())));
    }
}
