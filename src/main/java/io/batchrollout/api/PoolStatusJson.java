package io.batchrollout.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.pools.ManagedPoolPage;
import io.batchrollout.core.pools.NodeCountsReading;
import io.batchrollout.core.pools.PoolImage;
import io.batchrollout.core.pools.PoolStatus;
import io.batchrollout.core.pools.PoolSummary;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The JSON the pool API answers with. Member names are the API's contract: camelCase, ids as full ARM ids, absent
 * values as null (never left out), times as ISO-8601 UTC instants with seconds, durations as ISO-8601 durations.
 */
public final class PoolStatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolStatusJson() {
    }

    /** getPool's answer. */
    public static ObjectNode status(PoolStatus status) {
        ObjectNode body = JSON.createObjectNode()
                .put("poolId", status.poolId().poolName())
                .put("id", status.poolId().toString())
                .put("batchAccountId", status.accountId().toString())
                .put("vmSize", status.vmSize())
                .put("nodeAgentSkuId", status.nodeAgentSkuId())
                .put("group", status.group())
                .put("activePoolId", status.activePoolId().poolName());
        body.set("image", image(status.image()));
        body.set("policy", policy(status.policy()));
        body.put("provisioningState", status.provisioningState())
                .put("allocationState", status.allocationState())
                .put("allocationStateTransitionTime", time(status.allocationStateTransitionTime()));
        body.set("scale", scale(status.scaleSettings(), status.currentDedicatedNodes(), status.currentLowPriorityNodes()));
        ArrayNode errors = body.putArray("resizeErrors");
        status.resizeErrors().forEach(e -> errors.add(resizeError(e)));
        body.set("nodeCounts", nodeCounts(status.nodeCounts()));
        body.put("rolloutPhase", status.rolloutPhase().orElse(null));
        body.set("rollout", rollout(status.rollout(), status.timing()));
        // A canary's bake record (gated promotion): the version it proves, since when, and the verdict once written.
        body.set("promotion", status.promotion().<com.fasterxml.jackson.databind.JsonNode>map(r -> JSON.createObjectNode()
                .put("version", r.version()).put("bakeSince", r.since().toString())
                .put("state", r.verdict().map(v -> v == io.batchrollout.core.rollout.promotion.BakeRecord.Verdict.PROMOTED
                        ? "promoted" : "rejected").orElse("baking"))
                .put("reason", r.reason().orElse(null))).orElse(JSON.nullNode()));
        body.set("wave", status.wave().map(PoolStatusJson::wave).orElse(null));
        body.set("metadata", metadata(status.metadata()));
        return body;
    }

    /** Where the pool waits in its definition's wave (derived when read, never recorded); null when it does not wait. */
    static ObjectNode wave(io.batchrollout.core.rollout.drift.WaveStanding standing) {
        ObjectNode wave = JSON.createObjectNode().put("position", standing.position()).put("of", standing.of());
        ArrayNode inProgress = wave.putArray("inProgress");
        standing.inProgress().forEach(inProgress::add);
        return wave.put("reason", standing.reason());
    }

    /**
     * The recorded rollout: phase and its start, the version rolled to and the one before it (ids and names), pause,
     * rejected versions, attempts, the last decision (whose text carries its reasons) and the step Azure refused, if
     * one is recorded. {@code unreadable} says why
     * when the state entries cannot be read (every other member is then null or empty).
     */
    public static ObjectNode rollout(RolloutView view) {
        return rollout(view, PhaseDeadline.Timing.NONE);
    }

    /**
     * The same with {@code deadline}, when the phase should have ended ({@link PhaseDeadline}: null at rest, paused, on
     * a candidate), and {@code stuck}, whether now is past it.
     */
    public static ObjectNode rollout(RolloutView view, PhaseDeadline.Timing timing) {
        ObjectNode node = JSON.createObjectNode();
        Optional<RolloutState> state = view instanceof RolloutView.Known known ? Optional.of(known.state()) : Optional.empty();
        node.put("phase", view.phaseName().orElse(null));
        node.put("since", state.flatMap(RolloutState::since).map(Object::toString).orElse(null));
        node.put("deadline", timing.deadline().map(Object::toString).orElse(null));
        node.put("stuck", timing.stuck());
        node.put("targetImageId", state.flatMap(RolloutState::target).orElse(null));
        node.put("targetVersion", state.flatMap(RolloutState::target).map(RolloutView::versionName).orElse(null));
        node.put("previousImageId", state.flatMap(RolloutState::previous).orElse(null));
        node.put("previousVersion", state.flatMap(RolloutState::previous).map(RolloutView::versionName).orElse(null));
        node.put("paused", state.map(RolloutState::paused).orElse(false));
        ArrayNode rejected = node.putArray("rejectedVersions");
        state.ifPresent(s -> s.rejected().forEach(rejected::add));
        node.put("attempts", state.map(RolloutState::attempts).orElse(0));
        node.put("lastDecision", state.flatMap(RolloutState::lastDecision).orElse(null));
        node.set("refusal", state.flatMap(RolloutState::refused).map(PoolStatusJson::refusal).orElse(null));
        node.put("unreadable", view instanceof RolloutView.Unreadable u ? u.reason() : null);
        return node;
    }

    /** A step Azure refused, recorded on the pool: what a pipeline needs to tell the image's fault from the app's. */
    private static ObjectNode refusal(Refusal refusal) {
        return JSON.createObjectNode().put("step", refusal.step().wire()).put("version", refusal.version())
                .put("status", refusal.status()).put("code", refusal.code()).put("at", refusal.at().toString())
                .put("count", refusal.count()).put("message", refusal.message());
    }

    /**
     * listPools' answer. {@code listPath} is the path the list was asked at (e.g. /api/pools): the next page's
     * relative link repeats it with the page size and the continuation token.
     */
    public static ObjectNode page(ManagedPoolPage page, String listPath, int pageSize) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        page.pools().forEach(p -> value.add(summary(p)));
        body.put("continuationToken", page.continuation().orElse(null));
        body.put("nextLink", page.continuation().map(token -> listPath + "?pageSize=" + pageSize + "&continuationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8)).orElse(null));
        return body;
    }

    public static ObjectNode summary(PoolSummary pool) {
        ObjectNode body = JSON.createObjectNode()
                .put("poolId", pool.poolId().poolName())
                .put("id", pool.poolId().toString())
                .put("batchAccountId", pool.poolId().account().toString())
                .put("vmSize", pool.vmSize());
        body.set("image", image(pool.image()));
        body.set("policy", policy(pool.policy()));
        body.put("provisioningState", pool.provisioningState()).put("allocationState", pool.allocationState());
        body.set("scale", scale(pool.scaleSettings(), pool.currentDedicatedNodes(), pool.currentLowPriorityNodes()));
        body.put("resizeErrorCount", pool.resizeErrorCount());
        // The list's rollout view: its phase and how long it may last, read from the listed pool (no call per pool).
        Optional<RolloutState> state = pool.rollout() instanceof RolloutView.Known known ? Optional.of(known.state())
                : Optional.empty();
        body.putObject("rollout").put("phase", pool.rollout().phaseName().orElse(null))
                .put("since", state.flatMap(RolloutState::since).map(Object::toString).orElse(null))
                .put("deadline", pool.timing().deadline().map(Object::toString).orElse(null))
                .put("stuck", pool.timing().stuck());
        return body;
    }

    /** The readiness gate's reasons, each with its code, message, version and the numbers behind it. */
    public static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode array = JSON.createArrayNode();
        for (Reason reason : reasons) {
            ObjectNode item = array.addObject().put("code", reason.code().name()).put("message", reason.message())
                    .put("version", reason.version().orElse(null));
            item.set("facts", JSON.valueToTree(new java.util.TreeMap<>(reason.facts())));
        }
        return array;
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    static ObjectNode image(PoolImage image) {
        String kind = image instanceof PoolImage.Version ? "version"
                : image instanceof PoolImage.LatestOfDefinition ? "latestOfDefinition" : "notAGalleryImage";
        return JSON.createObjectNode()
                .put("referenceId", image.referenceId().isEmpty() ? null : image.referenceId())
                .put("kind", kind)
                .put("definitionId", image.definition().map(Object::toString).orElse(null))
                .put("versionId", image.version().map(Object::toString).orElse(null));
    }

    /** A policy as getPool shows it, for problems that name one. */
    public static ObjectNode policyJson(RolloutPolicy policy) {
        return policy(policy);
    }

    static ObjectNode policy(RolloutPolicy policy) {
        boolean pinned = policy.image() instanceof ImageRef.Pinned;
        return JSON.createObjectNode()
                .put("image", pinned ? ((ImageRef.Pinned) policy.image()).version().toString() : policy.image().definition().toString())
                .put("mode", pinned ? "pinned" : "tracked")
                .put("strategy", policy.strategy().wireName())
                .put("canary", policy.canary());
    }

    static ObjectNode scale(ScaleSettings settings, int currentDedicated, int currentLowPriority) {
        ObjectNode scale = JSON.createObjectNode();
        if (settings instanceof ScaleSettings.FixedScale fixed) {
            scale.put("mode", "fixed").put("targetDedicatedNodes", fixed.targetDedicatedNodes())
                    .put("targetLowPriorityNodes", fixed.targetLowPriorityNodes())
                    .put("resizeTimeout", fixed.resizeTimeout().toString());
        } else if (settings instanceof ScaleSettings.AutoScale auto) {
            scale.put("mode", "autoScale").put("formula", auto.formula())
                    .put("evaluationInterval", auto.evaluationInterval().toString());
        }
        return scale.put("currentDedicatedNodes", currentDedicated).put("currentLowPriorityNodes", currentLowPriority);
    }

    static ObjectNode nodeCounts(NodeCountsReading reading) {
        ObjectNode node = JSON.createObjectNode();
        if (reading instanceof NodeCountsReading.Read read) {
            node.put("available", true);
            node.set("dedicated", states(read.counts().dedicated()));
            node.set("lowPriority", states(read.counts().lowPriority()));
            node.putNull("reason");
        } else if (reading instanceof NodeCountsReading.Unavailable unavailable) {
            node.put("available", false).putNull("dedicated").putNull("lowPriority").put("reason", unavailable.reason());
        }
        return node;
    }

    static ObjectNode states(NodeCounts.StateCounts c) {
        return JSON.createObjectNode().put("creating", c.creating()).put("starting", c.starting())
                .put("waitingForStartTask", c.waitingForStartTask()).put("startTaskFailed", c.startTaskFailed())
                .put("idle", c.idle()).put("running", c.running()).put("rebooting", c.rebooting())
                .put("reimaging", c.reimaging()).put("leavingPool", c.leavingPool()).put("preempted", c.preempted())
                .put("offline", c.offline()).put("unusable", c.unusable()).put("unknown", c.unknown())
                .put("upgradingOS", c.upgradingOS()).put("deallocating", c.deallocating()).put("deallocated", c.deallocated())
                .put("total", c.total());
    }

    static ObjectNode resizeError(Pool.ResizeError error) {
        return JSON.createObjectNode().put("code", error.code()).put("message", error.message());
    }

    static ArrayNode metadata(List<Metadata> metadata) {
        ArrayNode array = JSON.createArrayNode();
        metadata.forEach(m -> array.addObject().put("name", m.name()).put("value", m.value()));
        return array;
    }

    private static String time(OffsetDateTime time) {
        return Optional.ofNullable(time).map(t -> t.toInstant().toString()).orElse(null);
    }

}
