package io.batchrollout.port;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import java.util.List;
import java.util.Optional;

/** What the core reads from an Azure Compute Gallery. Read-only: this app never publishes images. */
public interface ImageGallery {

    Optional<ImageDefinition> imageDefinition(ImageDefinitionId id);

    /** Every version of a definition, without replication status (ARM's list has no $expand). */
    List<ImageVersion> versions(ImageDefinitionId id);

    /** One version with its per-region replication status. */
    Optional<ImageVersion> version(ImageVersionId id);
}
