package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.capacity.RegionSkus;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.NodeCounts.StateCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.DeciderFixtures;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built fleets for the planner: two accounts in westeurope, one definition, version 1.1.0 replicated once. */
final class PlanFixtures {
    static final ImageDefinitionId UBUNTU = DeciderFixtures.UBUNTU;
    static final String V1 = DeciderFixtures.V1;
    static final String V2 = DeciderFixtures.V2;
    static final BatchAccountId EAST = account("east");
    static final BatchAccountId WEST = account("west");
    static final Duration GRACE = Duration.ofMinutes(10);
    static final RolloutPolicy TRACKED = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.IN_PLACE);
    static final RolloutPolicy BLUE_GREEN = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.BLUE_GREEN);

    private PlanFixtures() {
    }

    static BatchAccountId account(String name) {
        return BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/b/providers/"
                + "Microsoft.Batch/batchAccounts/" + name);
    }

    static BatchAccount batchAccount(BatchAccountId id, int dedicatedCores) {
        return new BatchAccount(id, "westeurope", id.accountName() + ".westeurope.batch.azure.com", "BatchService",
                dedicatedCores, 100, false, Map.of(), 100);
    }

    static ImageVersion version(String name, boolean excludeFromLatest, int replicas) {
        return new ImageVersion(UBUNTU.version(name), "Succeeded", excludeFromLatest, null, null, 1,
                List.of(new ImageVersion.TargetRegion("westeurope", replicas, "Standard_LRS", false)),
                Optional.of(new ImageVersion.Replication("Completed",
                        List.of(new ImageVersion.RegionReplication("westeurope", "Completed", null, 100)))));
    }

    static Pool pool(BatchAccountId account, String name, int nodes, RolloutPolicy policy, RolloutState state) {
        return pool(account, name, nodes, policy, state, V1, List.of());
    }

    static Pool pool(BatchAccountId account, String name, int nodes, RolloutPolicy policy, RolloutState state,
                     String image, List<String> secretsNotReturned) {
        List<Metadata> metadata = new ArrayList<>(policy.toMetadata());
        metadata.addAll(RolloutStateCodec.encode(state));
        return new Pool(account.pool(name), "\"e\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3", image,
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), "Steady", OffsetDateTime.now(), nodes, 0, List.of(),
                Optional.empty(), metadata, secretsNotReturned);
    }

    static Pool withMetadata(Pool pool, List<Metadata> metadata) {
        return new Pool(pool.id(), pool.etag(), pool.provisioningState(), pool.lastModified(), pool.vmSize(),
                pool.imageReferenceId(), pool.nodeAgentSkuId(), pool.scaleSettings(), pool.allocationState(),
                pool.allocationStateTransitionTime(), pool.currentDedicatedNodes(), pool.currentLowPriorityNodes(),
                pool.resizeErrors(), pool.startTask(), metadata, pool.secretsNotReturned());
    }

    static RolloutState stable() {
        return RolloutState.initial();
    }

    static RolloutState paused() {
        return new RolloutState(io.batchrollout.core.rollout.state.RolloutPhase.STABLE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, List.of(), true, Optional.empty());
    }

    /** A fleet's facts planning for {@code version} with at most {@code limit} rollouts at once, every gate passing. */
    static PlanFacts facts(ImageVersion version, int limit, List<Pool> pools) {
        Map<String, BatchAccount> accounts = new HashMap<>();
        for (BatchAccountId id : List.of(EAST, WEST)) {
            accounts.put(PlanFacts.key(id), batchAccount(id, 100));
        }
        return new PlanFacts(UBUNTU, version, pools, accounts, List.of(), limit, GRACE, new ReplicaRule(300), Map.of(),
                Map.of(), Map.of(), Map.of());
    }

    static PlanFacts withGate(PlanFacts facts, Pool pool, List<Reason> reasons) {
        Map<String, List<Reason>> gate = new HashMap<>(facts.gate());
        gate.put(PlanFacts.key(pool.id()), reasons);
        return new PlanFacts(facts.definition(), facts.version(), facts.everyPool(), facts.accounts(), facts.unreadAccounts(),
                facts.limit(), facts.verifyGrace(), facts.replicas(), gate, facts.nodeCounts(), facts.capacity(),
                facts.capacityFailed());
    }

    static PlanFacts withUnread(PlanFacts facts, String account) {
        return new PlanFacts(facts.definition(), facts.version(), facts.everyPool(), facts.accounts(), List.of(account),
                facts.limit(), facts.verifyGrace(), facts.replicas(), facts.gate(), facts.nodeCounts(), facts.capacity(),
                facts.capacityFailed());
    }

    static NodeCounts running(String pool, int idle, int running) {
        return new NodeCounts(pool, new StateCounts(0, idle, 0, 0, 0, 0, running, 0, 0, 0, 0, 0, 0, 0, idle + running),
                StateCounts.NONE);
    }

    static Capacity capacity(BatchAccountId id, int dedicatedCores) {
        return new Capacity(batchAccount(id, dedicatedCores), new RegionSkus("westeurope",
                List.of(new VmSku("Standard_D2s_v3", "standardDSv3Family", 2))), Optional.empty());
    }

    static RolloutPlan.PoolPlan line(RolloutPlan plan, String pool) {
        return plan.pools().stream().filter(p -> p.pool().poolName().equals(pool)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + pool + " in " + plan.pools()));
    }
}
