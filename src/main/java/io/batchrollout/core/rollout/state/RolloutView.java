package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.Metadata;
import java.util.List;
import java.util.Optional;

/** A managed pool's rollout as the API shows it: the recorded state, or why it cannot be read. */
public sealed interface RolloutView {

    /** The phase as the API names it (Stable, Draining, RollingBack...); empty when the state cannot be read. */
    Optional<String> phaseName();

    record Known(RolloutState state) implements RolloutView {
        public Optional<String> phaseName() {
            return Optional.of(apiName(state.phase()));
        }
    }

    record Unreadable(String reason) implements RolloutView {
        public Optional<String> phaseName() {
            return Optional.empty();
        }
    }

    static RolloutView of(List<Metadata> metadata) {
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(metadata);
        return decoded instanceof RolloutStateCodec.Decoded.Present present ? new Known(present.state())
                : new Unreadable(((RolloutStateCodec.Decoded.Unreadable) decoded).reason());
    }

    /** PascalCase like Batch's own states in the same answer (Steady, Resizing): ROLLING_BACK is RollingBack. */
    static String apiName(RolloutPhase phase) {
        StringBuilder name = new StringBuilder();
        for (String word : phase.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }

    /** "1.1.0" for a gallery version id, the reference as it is otherwise. */
    static String versionName(String imageReferenceId) {
        return PoolFacts.versionName(imageReferenceId);
    }
}
