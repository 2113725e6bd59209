package io.batchrollout.azure;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.ImageGallery;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Placeholder: the gallery adapter over the Compute service client (being written). */
final class ComputeGalleryAdapter implements ImageGallery {
    private final Function<String, ComputeManagementClient> clientForSubscription;

    ComputeGalleryAdapter(Function<String, ComputeManagementClient> clientForSubscription) {
        this.clientForSubscription = clientForSubscription;
    }

    @Override
    public Optional<ImageDefinition> imageDefinition(ImageDefinitionId id) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public List<ImageVersion> versions(ImageDefinitionId id) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Optional<ImageVersion> version(ImageVersionId id) {
        throw new UnsupportedOperationException("not written yet");
    }
}
