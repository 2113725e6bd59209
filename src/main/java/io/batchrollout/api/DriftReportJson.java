package io.batchrollout.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.rollout.drift.DriftEntry;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import java.util.Optional;

/** driftReport's answer; members as in {@link PoolStatusJson} (camelCase, full ARM ids, absent values as null). */
public final class DriftReportJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DriftReportJson() {
    }

    public static ObjectNode report(DriftReport report) {
        ObjectNode body = JSON.objectNode()
                .put("total", report.pools().size())
                .put("inSync", report.count(DriftEntry.Status.IN_SYNC))
                .put("drifted", report.count(DriftEntry.Status.DRIFTED))
                .put("unknown", report.count(DriftEntry.Status.UNKNOWN));
        ArrayNode pools = body.putArray("pools");
        report.pools().forEach(p -> pools.add(entry(p)));
        ArrayNode notRead = body.putArray("accountsNotRead");
        report.accountsNotRead().forEach(a -> notRead.addObject().put("batchAccountId", a.account().toString())
                .put("status", a.status()).put("code", a.code()).put("message", a.message()));
        body.put("imageReads", report.imageReads());
        return body;
    }

    static ObjectNode entry(DriftEntry entry) {
        Optional<RolloutState> state = entry.rollout() instanceof RolloutView.Known known ? Optional.of(known.state())
                : Optional.empty();
        ObjectNode node = JSON.objectNode()
                .put("poolId", entry.pool().poolName())
                .put("id", entry.pool().toString())
                .put("batchAccountId", entry.pool().account().toString());
        node.set("policy", PoolStatusJson.policy(entry.policy()));
        node.put("currentImageId", entry.currentImage())
                .put("currentVersion", RolloutView.versionName(entry.currentImage()))
                .put("desiredImageId", entry.desiredImage().orElse(null))
                .put("desiredVersion", entry.desiredImage().map(RolloutView::versionName).orElse(null))
                .put("status", entry.status().apiName())
                .put("rolloutPhase", entry.rollout().phaseName().orElse(null))
                .put("paused", state.map(RolloutState::paused).orElse(false))
                .put("lastDecision", state.flatMap(RolloutState::lastDecision).orElse(null));
        node.set("blockedReasons", PoolStatusJson.reasons(entry.blockedReasons()));
        ArrayNode holds = node.putArray("holds");
        entry.holds().forEach(holds::add);
        return node;
    }

    public static String write(JsonNode node) {
        return PoolStatusJson.write(node);
    }
}
