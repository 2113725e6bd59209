package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.NodeCounts.StateCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built pools, images and node counts for the decider's phase-by-phase tests. */
public final class DeciderFixtures {
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    public static final GalleryId GALLERY = GalleryId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/img/providers/Microsoft.Compute/galleries/gal");
    public static final ImageDefinitionId UBUNTU = GALLERY.image("ubuntu");
    public static final String V1 = UBUNTU.version("1.0.0").toString();
    public static final String V2 = UBUNTU.version("1.1.0").toString();
    public static final BatchAccountId ACCOUNT = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/b/providers/Microsoft.Batch/batchAccounts/acc");
    public static final RolloutPolicy TRACKED = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.IN_PLACE);
    public static final ScaleSettings.FixedScale TEN = new ScaleSettings.FixedScale(10, 0, Duration.ofMinutes(15),
            NodeDeallocationOption.TASK_COMPLETION);
    public static final ScaleSettings.FixedScale DRAINED = new ScaleSettings.FixedScale(0, 0, Duration.ofMinutes(15),
            NodeDeallocationOption.TASK_COMPLETION);

    private DeciderFixtures() {
    }

    public static Pool pool(String image, ScaleSettings scale, String allocationState, int nodes, List<Pool.ResizeError> errors) {
        return new Pool(ACCOUNT.pool("render"), "\"etag-1\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3", image,
                "batch.node.ubuntu 22.04", scale, allocationState, OffsetDateTime.now(), nodes, 0, errors,
                Optional.empty(), List.of());
    }

    public static Pool steadyFull(String image) {
        return pool(image, TEN, "Steady", 10, List.of());
    }

    public static ImageChoice ready(String versionName, Reason... newerNotReady) {
        ImageDefinition definition = new ImageDefinition(UBUNTU, "westeurope", ImageDefinition.OsType.LINUX,
                ImageDefinition.OsState.GENERALIZED, "V2", null);
        ImageVersion version = new ImageVersion(UBUNTU.version(versionName), "Succeeded", false, null, null, 1, List.of(),
                Optional.empty());
        return new ImageChoice.Ready(definition, version, List.of(newerNotReady));
    }

    public static Reason replicating(String versionName) {
        return new Reason(ReasonCode.REPLICATION_IN_PROGRESS, "Image version " + versionName
                + " is still replicating to northeurope", Optional.of(versionName), Map.of("region", "northeurope"));
    }

    public static Observations seeing(ImageChoice image) {
        return new Observations(Optional.of(image), Optional.empty(), NOW);
    }

    public static Observations counting(NodeCounts counts, Instant now) {
        return new Observations(Optional.empty(), Optional.of(counts), now);
    }

    public static NodeCounts counts(int idle, int running, int starting, int startTaskFailed) {
        int total = idle + running + starting + startTaskFailed;
        return new NodeCounts("render", new StateCounts(0, idle, 0, 0, 0, 0, running, starting, startTaskFailed, 0, 0, 0, 0, 0,
                total), StateCounts.NONE);
    }

    public static RolloutState draining() {
        return RolloutState.initial().startRollout(V2, V1, TEN, NOW.minusSeconds(600)).withDecision("drain");
    }

    public static RolloutState verifyingSince(Instant since) {
        return draining().enter(RolloutPhase.VERIFYING, since);
    }
}
