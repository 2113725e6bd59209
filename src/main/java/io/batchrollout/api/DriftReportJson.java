package io.batchrollout.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.rollout.DriftCounts;
import io.batchrollout.core.rollout.drift.DriftEntry;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.drift.ImageDrift;
import java.time.OffsetDateTime;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import java.util.Optional;

/** driftReport's answer; members as in {@link PoolStatusJson} (camelCase, full ARM ids, absent values as null). */
public final class DriftReportJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DriftReportJson() {
    }

    public static ObjectNode report(DriftReport report) {
        DriftCounts counts = report.counts();
        ObjectNode body = JSON.objectNode()
                .put("total", report.pools().size())
                .put("inSync", report.count(DriftEntry.Status.IN_SYNC))
                .put("drifted", report.count(DriftEntry.Status.DRIFTED))
                .put("unknown", report.count(DriftEntry.Status.UNKNOWN))
                .put("stuck", counts.stuck())
                .put("behind", counts.behind())
                .put("endOfLifeSoon", counts.endOfLifeSoon());
        ArrayNode images = body.putArray("images");
        report.images().forEach(i -> images.add(image(i)));
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
        node.put("phaseDeadline", entry.timing().deadline().map(Object::toString).orElse(null))
                .put("stuck", entry.timing().stuck());
        if (entry.daysBehind().isPresent()) {
            node.put("daysBehind", entry.daysBehind().get());
        } else {
            node.putNull("daysBehind");
        }
        node.put("currentEndOfLifeDate", time(entry.currentEndOfLife().orElse(null)));
        return node;
    }

    /** One image definition: newest versions with replication and readiness, replica shortfall, end of life. */
    static ObjectNode image(ImageDrift image) {
        ObjectNode node = JSON.objectNode().put("definitionId", image.definitionId().toString())
                .put("newestVersion", image.newestVersion().map(v -> v.id().versionName()).orElse(null))
                .put("newestVersionId", image.newestVersion().map(v -> v.id().toString()).orElse(null));
        ArrayNode versions = node.putArray("versions");
        for (ImageDrift.VersionState state : image.versions()) {
            ImageVersion v = state.version();
            ObjectNode version = versions.addObject().put("version", v.id().versionName()).put("versionId", v.id().toString())
                    .put("provisioningState", v.provisioningState()).put("excludeFromLatest", v.excludeFromLatest())
                    .put("publishedDate", time(v.publishedDate())).put("endOfLifeDate", time(v.endOfLifeDate()));
            ArrayNode regions = version.putArray("regions");
            for (ImageDrift.RegionState r : state.regions()) {
                ObjectNode region = regions.addObject().put("region", r.region()).put("state", r.state().orElse(null))
                        .put("replicas", r.replicas());
                if (r.progress().isPresent()) {
                    region.put("progress", r.progress().get());
                } else {
                    region.putNull("progress");
                }
            }
            ArrayNode remediation = version.putArray("remediation");
            state.remediation().forEach(r -> remediation.addObject().put("region", r.region()).put("from", r.from())
                    .put("to", r.to()).put("state", r.state()));
            ArrayNode readiness = version.putArray("readiness");
            for (ImageDrift.AccountReadiness r : state.readiness()) {
                readiness.addObject().put("batchAccountId", r.account().toString()).put("region", r.region())
                        .put("ready", r.readiness().ready()).set("reasons", PoolStatusJson.reasons(r.readiness().reasons()));
            }
            if (state.promotion().isPresent()) {
                ImageDrift.Promotion p = state.promotion().get();
                ObjectNode promotion = version.putObject("promotion").put("state", p.state().wireName()).put("reason", p.reason());
                p.canaries().forEach(promotion.putArray("canaries")::add);
            } else {
                version.putNull("promotion");
            }
        }
        ArrayNode shortfall = node.putArray("replicaShortfall");
        image.replicaShortfall().forEach(s -> shortfall.addObject().put("region", s.region()).put("version", s.version())
                .put("largestPoolId", s.largestPool().poolName()).put("nodes", s.nodes())
                .put("replicasNeeded", s.replicasNeeded()).put("replicasPresent", s.replicasPresent())
                .put("shortfall", s.shortfall()));
        ArrayNode endOfLife = node.putArray("endOfLife");
        for (ImageDrift.EndOfLife e : image.endOfLife()) {
            ArrayNode pools = endOfLife.addObject().put("version", e.version()).put("endOfLifeDate", time(e.endOfLifeDate()))
                    .put("daysLeft", e.daysLeft()).putArray("pools");
            e.pools().forEach(pools::add);
        }
        return node.put("note", image.note().orElse(null));
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
