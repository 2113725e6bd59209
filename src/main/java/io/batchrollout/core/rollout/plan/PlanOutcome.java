package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import java.util.List;

/** The plan, or why there is none: each refusal is answered before any pool is listed. */
public sealed interface PlanOutcome {

    record Planned(RolloutPlan plan, PlanCost cost) implements PlanOutcome {
    }

    /** The gallery is not in ALLOWED_GALLERY_IDS: nothing was read. */
    record GalleryNotAllowed(GalleryId gallery) implements PlanOutcome {
    }

    record DefinitionNotFound(ImageDefinitionId definition) implements PlanOutcome {
    }

    /**
     * The version asked for is not among the definition's versions, with the newest few; {@code version} is empty when
     * the newest was asked for and the definition has no version named Major.Minor.Patch.
     */
    record VersionNotFound(ImageDefinitionId definition, String version, List<String> newest) implements PlanOutcome {
        public VersionNotFound {
            newest = List.copyOf(newest);
        }
    }

    /** What the plan read: the pools that needed node counts and the accounts whose capacity was read. */
    record PlanCost(int accountsListed, int nodeCountReads, int capacityReads) {
    }
}
