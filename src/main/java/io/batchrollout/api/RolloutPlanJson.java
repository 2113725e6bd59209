package io.batchrollout.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.rollout.plan.RolloutPlan;
import io.batchrollout.core.rollout.plan.RolloutPlan.PoolPlan;
import java.util.Locale;

/** The plan's JSON answer; members as in {@link PoolStatusJson} (camelCase, full ARM ids, absent values as null). */
public final class RolloutPlanJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RolloutPlanJson() {
    }

    public static ObjectNode plan(RolloutPlan plan) {
        ObjectNode body = JSON.objectNode()
                .put("definitionId", plan.definition().toString())
                .put("version", plan.version().versionName())
                .put("versionId", plan.version().toString())
                .put("assumedReady", true)
                .put("maxRolloutsPerImage", plan.limit());
        ArrayNode pools = body.putArray("pools");
        plan.pools().forEach(p -> pools.add(pool(p)));
        body.putObject("summary")
                .put("roll", plan.count(RolloutPlan.Action.ROLL))
                .put("wait", plan.count(RolloutPlan.Action.WAIT))
                .put("skip", plan.count(RolloutPlan.Action.SKIP));
        ArrayNode unread = body.putArray("accountsNotRead");
        plan.unreadAccounts().forEach(unread::add);
        ArrayNode newer = body.putArray("newerVersions");
        plan.newerVersions().forEach(newer::add);
        return body;
    }

    static ObjectNode pool(PoolPlan p) {
        ObjectNode node = JSON.objectNode().put("order", p.order());
        if (p.wave().isPresent()) {
            node.put("wave", p.wave().getAsInt());
        } else {
            node.putNull("wave");
        }
        node.put("poolId", p.pool().poolName())
                .put("id", p.pool().toString())
                .put("batchAccountId", p.account().toString())
                .put("strategy", p.strategy().wireName())
                .put("currentVersion", p.currentVersion())
                .put("action", p.action().name().toLowerCase(Locale.ROOT))
                .put("why", p.why())
                .put("whyCode", p.code().apiName());
        RolloutPlan.GateView gate = p.readiness();
        ObjectNode readiness = node.putObject("readiness")
                .put("ready", gate.ready())
                .put("region", gate.region())
                .put("nodes", gate.nodes())
                .put("replicasNeeded", gate.replicasNeeded())
                .put("replicasPresent", gate.replicasPresent())
                .put("replicationState", gate.replicationState().orElse(null));
        readiness.set("reasons", PoolStatusJson.reasons(gate.reasons()));
        if (p.quota().isPresent()) {
            node.putObject("quota").put("ok", p.quota().get().ok()).put("detail", p.quota().get().detail());
        } else {
            node.putNull("quota");
        }
        if (p.capacityDown().isPresent()) {
            RolloutPlan.CapacityDown down = p.capacityDown().get();
            ObjectNode capacity = node.putObject("capacityDown")
                    .put("estimate", down.estimate().map(Object::toString).orElse(null))
                    .put("basis", down.basis())
                    .put("afterDrain", down.afterDrain().toString())
                    .put("nodes", down.nodes());
            if (down.runningNodes().isPresent()) {
                capacity.put("runningNodes", down.runningNodes().getAsInt());
            } else {
                capacity.putNull("runningNodes");
            }
        } else {
            node.putNull("capacityDown");
        }
        return node;
    }
}
