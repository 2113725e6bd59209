package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageVersion;
import java.util.List;

/** The version a pool gets, or every reason why none can be chosen now. */
public sealed interface ImageChoice {

    /**
     * @param newerNotReady why newer candidates of a tracked definition were passed over (empty when the chosen
     *                      version is the newest): a pool already on {@code version} is blocked by these reasons
     */
    record Ready(ImageDefinition definition, ImageVersion version, List<Reason> newerNotReady) implements ImageChoice {
        public Ready {
            newerNotReady = List.copyOf(newerNotReady);
        }

        public Ready(ImageDefinition definition, ImageVersion version) {
            this(definition, version, List.of());
        }
    }

    record NotReady(List<Reason> reasons) implements ImageChoice {
        public NotReady {
            reasons = List.copyOf(reasons);
        }
    }
}
