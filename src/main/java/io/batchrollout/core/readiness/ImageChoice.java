package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageVersion;
import java.util.List;

/** The version a pool gets, or every reason why none can be chosen now. */
public sealed interface ImageChoice {

    record Ready(ImageDefinition definition, ImageVersion version) implements ImageChoice {
    }

    record NotReady(List<Reason> reasons) implements ImageChoice {
        public NotReady {
            reasons = List.copyOf(reasons);
        }
    }
}
