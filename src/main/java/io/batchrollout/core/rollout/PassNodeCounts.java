package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchNodes;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Node counts for one pass. Per account, the pass knows from the snapshot how many pools need counts (those whose
 * phase reads them, and blue-green candidates being verified); when they outnumber the pages of an account-wide
 * /nodecounts list (10 pools a page), the counts of the whole account are read once and every pool is answered from
 * memory; otherwise each pool is asked with its filter, as before. A pool absent from the account-wide answer has no
 * nodes (Batch lists only pools with counts). Used by one thread at a time (the pass decides pools one by one).
 */
final class PassNodeCounts implements BatchNodes {
    static final int POOLS_PER_PAGE = 10;

    private final BatchNodes nodes;
    private final Map<String, Integer> neededByAccount;
    private final Map<String, Integer> poolsByAccount;
    private final Map<String, Optional<Map<String, NodeCounts>>> read = new HashMap<>();

    private PassNodeCounts(BatchNodes nodes, Map<String, Integer> neededByAccount, Map<String, Integer> poolsByAccount) {
        this.nodes = nodes;
        this.neededByAccount = neededByAccount;
        this.poolsByAccount = poolsByAccount;
    }

    static PassNodeCounts of(BatchNodes nodes, FleetSnapshot fleet) {
        Map<String, Integer> needed = new HashMap<>();
        Map<String, Integer> pools = new HashMap<>();
        for (Pool pool : fleet.everyPool()) {
            String account = key(pool.id().account().toString());
            pools.merge(account, 1, Integer::sum);
            if (RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                    && (RolloutDecider.needsNodeCounts(present.state())
                    || BlueGreenDecider.needsCandidateNodes(present.state()))) {
                needed.merge(account, 1, Integer::sum);
            }
        }
        return new PassNodeCounts(nodes, needed, pools);
    }

    @Override
    public NodeCounts nodeCounts(BatchAccount account, String poolId) {
        String accountKey = key(account.id().toString());
        Optional<Map<String, NodeCounts>> all = read.computeIfAbsent(accountKey, k -> bulk(account, k));
        if (all.isEmpty()) {
            return nodes.nodeCounts(account, poolId);
        }
        NodeCounts counts = all.get().get(key(poolId));
        return counts != null ? counts
                : new NodeCounts(poolId, NodeCounts.StateCounts.NONE, NodeCounts.StateCounts.NONE);
    }

    private Optional<Map<String, NodeCounts>> bulk(BatchAccount account, String accountKey) {
        int pages = Math.max(1, (poolsByAccount.getOrDefault(accountKey, 0) + POOLS_PER_PAGE - 1) / POOLS_PER_PAGE);
        if (neededByAccount.getOrDefault(accountKey, 0) <= pages) {
            return Optional.empty();
        }
        try {
            return Optional.of(nodes.nodeCountsOfAccount(account));
        } catch (UnsupportedOperationException notOffered) {
            return Optional.empty();
        }
    }

    @Override
    public List<ComputeNode> nodes(BatchAccount account, String poolId) {
        return nodes.nodes(account, poolId);
    }

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
