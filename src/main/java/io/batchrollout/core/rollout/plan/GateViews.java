package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReplicaRule;
import java.util.List;
import java.util.Optional;

/** The numbers beside the gate's verdict for one pool: its region's replicas and replication state, its size. */
final class GateViews {
    private GateViews() {
    }

    static RolloutPlan.GateView of(PlanFacts facts, PoolTarget target, List<Reason> reasons) {
        ImageVersion version = facts.version();
        String region = RegionName.normalize(target.account().location());
        ReplicaRule.Requirement requirement = facts.replicas().requirementFor(target.totalNodes());
        int present = version.targetRegion(region).map(ImageVersion.TargetRegion::regionalReplicaCount).orElse(0);
        Optional<String> state = version.replication().stream().flatMap(r -> r.summary().stream())
                .filter(s -> RegionName.same(s.region(), region)).map(ImageVersion.RegionReplication::state)
                .filter(s -> s != null && !s.isBlank()).findFirst();
        return new RolloutPlan.GateView(reasons.isEmpty(), region, target.totalNodes(), requirement.replicasNeeded(),
                present, state, reasons);
    }
}
