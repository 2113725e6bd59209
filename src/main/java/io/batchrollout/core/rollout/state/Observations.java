package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.readiness.ImageChoice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a pass read besides the pool itself. Only what the pool's phase needs is read ({@link io.batchrollout.core.rollout.inplace.RolloutDecider#needsImage},
 * {@link io.batchrollout.core.rollout.inplace.RolloutDecider#needsNodeCounts}): a pool mid-rollout costs no gallery read, a pool at rest no data plane read.
 *
 * @param image the resolver's choice for the pool's tracked definition, when read
 * @param nodes node counts by state from the data plane, when read
 * @param blueGreen what a blue-green pool's phase needs besides: the account's pools, the candidate's node counts, jobs
 * @param wave      the pool's image definition across every account: slots taken, versions rejected elsewhere; consulted
 *                  only before a rollout starts
 * @param nodeImages the image each node of the pool reports (null where it reports none), read only after a
 *                   {@link Step.ReadNodeImages}: an in-place rollout of a pool naming its definition needs a concrete
 *                   version to roll back to ({@link io.batchrollout.core.rollout.inplace.RollbackTarget})
 */
public record Observations(Optional<ImageChoice> image, Optional<NodeCounts> nodes, Instant now,
                           Optional<BlueGreenView> blueGreen, ImageWave wave, Optional<List<String>> nodeImages) {

    public Observations {
        java.util.Objects.requireNonNull(wave, "wave");
        java.util.Objects.requireNonNull(nodeImages, "nodeImages");
    }

    /** Without the nodes' images (every pass that did not ask for them). */
    public Observations(Optional<ImageChoice> image, Optional<NodeCounts> nodes, Instant now,
                        Optional<BlueGreenView> blueGreen, ImageWave wave) {
        this(image, nodes, now, blueGreen, wave, Optional.empty());
    }

    /** The same observations with the nodes' reported images. */
    public Observations withNodeImages(List<String> images) {
        return new Observations(image, nodes, now, blueGreen, wave, Optional.of(java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(images))));
    }

    /** Without wave facts: no limit (tests of the other rules). */
    public Observations(Optional<ImageChoice> image, Optional<NodeCounts> nodes, Instant now) {
        this(image, nodes, now, Optional.empty(), ImageWave.unlimited());
    }

    public Observations(Optional<ImageChoice> image, Optional<NodeCounts> nodes, Instant now,
                        Optional<BlueGreenView> blueGreen) {
        this(image, nodes, now, blueGreen, ImageWave.unlimited());
    }
}
