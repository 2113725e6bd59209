package io.batchrollout.core.pools;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an existing pool is the one a create asks for: the fields a caller chose, named as in the request body.
 * The concrete version of a tracked image is not compared (a newer one may have become eligible since), nor the
 * resize timeout (derived from the size).
 */
final class SpecComparison {
    private SpecComparison() {
    }

    static List<SpecDifference> differences(CreatePoolCommand wanted, Pool existing) {
        List<SpecDifference> out = new ArrayList<>();
        compareIgnoringCase(out, "vmSize", wanted.vmSize(), existing.vmSize());
        compareIgnoringCase(out, "nodeAgentSkuId", wanted.nodeAgentSkuId(), existing.nodeAgentSkuId());
        compareScale(out, wanted, existing.scaleSettings());
        Optional<RolloutPolicy> policy = RolloutPolicy.of(existing);
        compare(out, "image", imageOf(wanted.image()), policy.map(p -> imageOf(p.image()))
                .orElse("(none: the pool is not managed by this app; its image is " + existing.imageReferenceId() + ")"));
        if (wanted.image() instanceof ImageRef.Pinned pinned && policy.isPresent()
                && !pinned.version().toString().equalsIgnoreCase(existing.imageReferenceId())) {
            out.add(new SpecDifference("image (the pool's current version)", pinned.version().toString(), existing.imageReferenceId()));
        }
        compare(out, "rollout.strategy", wanted.strategy().wireName(),
                policy.map(p -> p.strategy().wireName()).orElse("(none)"));
        compare(out, "rollout.canary", Boolean.toString(wanted.canary()),
                policy.map(p -> Boolean.toString(p.canary())).orElse("(none)"));
        compare(out, "startTask", startTask(wanted.startTask()), startTask(existing.startTask()));
        compare(out, "metadata", metadata(wanted.callerMetadata()), metadata(PoolMetadata.split(existing.metadata()).caller()));
        return out;
    }

    private static void compareScale(List<SpecDifference> out, CreatePoolCommand wanted, ScaleSettings existing) {
        if (!(existing instanceof ScaleSettings.FixedScale fixed)) {
            out.add(new SpecDifference("targetDedicatedNodes", Integer.toString(wanted.targetDedicatedNodes()),
                    "(autoscale formula)"));
            return;
        }
        compare(out, "targetDedicatedNodes", Integer.toString(wanted.targetDedicatedNodes()),
                Integer.toString(fixed.targetDedicatedNodes()));
        compare(out, "targetLowPriorityNodes", Integer.toString(wanted.targetLowPriorityNodes()),
                Integer.toString(fixed.targetLowPriorityNodes()));
    }

    private static String imageOf(ImageRef image) {
        return image instanceof ImageRef.Pinned pinned ? pinned.version().toString() : image.definition().toString();
    }

    private static String startTask(Optional<StartTask> task) {
        return task.map(t -> "{commandLine=" + t.commandLine() + ", elevated=" + t.elevated()
                + ", waitForSuccess=" + t.waitForSuccess() + "}").orElse("(none)");
    }

    private static String metadata(List<Metadata> entries) {
        return entries.stream().map(m -> m.name() + "=" + m.value()).toList().toString();
    }

    private static void compare(List<SpecDifference> out, String field, String wanted, String existing) {
        if (!Objects.equals(wanted, existing)) {
            out.add(new SpecDifference(field, wanted, existing));
        }
    }

    private static void compareIgnoringCase(List<SpecDifference> out, String field, String wanted, String existing) {
        if (wanted == null ? existing != null : !wanted.equalsIgnoreCase(existing)) {
            out.add(new SpecDifference(field, wanted, existing));
        }
    }
}
