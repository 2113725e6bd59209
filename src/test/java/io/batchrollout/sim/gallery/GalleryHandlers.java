package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.function.IntSupplier;

/** One handler per verb for galleries and image definitions; validation is shared through {@link GalleryRequests}. */
final class GalleryHandlers {
    private final SimState state;
    private final GalleryStore store;
    private final GalleryWrites writes;
    private final AsyncOperations operations;
    private final ResourceEvents events;
    private final IntSupplier pageSize;

    GalleryHandlers(SimState state, GalleryStore store, GalleryWrites writes, AsyncOperations operations,
                    ResourceEvents events, IntSupplier pageSize) {
        this.state = state;
        this.store = store;
        this.writes = writes;
        this.operations = operations;
        this.events = events;
        this.pageSize = pageSize;
    }

    private record Answer(SimResponse response, ResourceEvents.Change change) {
    }

    SimResponse putGallery(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries");
        String name = GalleryRequests.galleryName(request.param("galleryName"));
        var body = request.requireBody();
        Answer answer = state.write(() -> {
            var written = writes.gallery(request.param("subscriptionId"), request.param("resourceGroupName"), name, body);
            GalleryResource gallery = written.resource();
            return accepted(request, gallery, written.created(), GalleryJson.gallery(gallery), gallery.id(),
                    "Microsoft.Compute/galleries/write");
        });
        events.publish(answer.change());
        return answer.response();
    }

    SimResponse getGallery(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries");
        return state.read(() -> SimResponse.ok(GalleryJson.gallery(gallery(request))));
    }

    SimResponse listGalleries(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries");
        return state.read(() -> SimResponse.ok(ListPage.of(request,
                store.galleries(request.param("subscriptionId"), request.param("resourceGroupName")),
                g -> g.name, GalleryJson::gallery, pageSize.getAsInt())));
    }

    SimResponse putDefinition(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries/images");
        String name = GalleryRequests.imageName(request.param("galleryImageName"));
        var body = request.requireBody();
        Answer answer = state.write(() -> {
            GalleryResource gallery = parentGallery(request);
            var written = writes.definition(gallery, name, body);
            ImageDefinitionResource definition = written.resource();
            return accepted(request, gallery, written.created(), GalleryJson.definition(definition), definition.id(),
                    "Microsoft.Compute/galleries/images/write");
        });
        events.publish(answer.change());
        return answer.response();
    }

    SimResponse getDefinition(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries/images");
        return state.read(() -> {
            GalleryResource gallery = parentGallery(request);
            String imageName = request.param("galleryImageName");
            ImageDefinitionResource definition = store.definition(gallery, imageName).orElseThrow(() -> GalleryStore.notFound(
                    ImageDefinitionResource.TYPE, gallery.name + "/images/" + imageName, gallery.resourceGroup));
            return SimResponse.ok(GalleryJson.definition(definition));
        });
    }

    SimResponse listDefinitions(SimRequest request) {
        GalleryRequests.requireApiVersion(request, "galleries/images");
        return state.read(() -> SimResponse.ok(ListPage.of(request, store.definitions(parentGallery(request)),
                d -> d.name, GalleryJson::definition, pageSize.getAsInt())));
    }

    /**
     * The answer to a PUT that Azure accepts as a long-running operation: 201 or 200 with the resource still Creating
     * or Updating, the operation to poll, and the ResourceWriteSuccess event ARM raises for it. Runs under the write lock.
     */
    private Answer accepted(SimRequest request, GalleryResource gallery, boolean created, ObjectNode json, String id,
                            String operationName) {
        Instant now = state.clock().now();
        ((ObjectNode) json.get("properties")).put("provisioningState", created ? "Creating" : "Updating");
        var operation = operations.succeeded(gallery.subscriptionId, gallery.location, now);
        SimResponse response = SimResponse.of(created ? 201 : 200, json)
                .withHeader("Azure-AsyncOperation", AsyncOperations.statusUrl(request, operation));
        return new Answer(response, new ResourceEvents.Change(ResourceEvents.WRITE_SUCCESS, id, gallery.subscriptionId,
                gallery.resourceGroup, operationName, !created, request, now));
    }

    private GalleryResource gallery(SimRequest request) {
        String resourceGroup = request.param("resourceGroupName");
        String name = request.param("galleryName");
        return store.gallery(request.param("subscriptionId"), resourceGroup, name)
                .orElseThrow(() -> GalleryStore.notFound(GalleryResource.TYPE, name, resourceGroup));
    }

    private GalleryResource parentGallery(SimRequest request) {
        String name = request.param("galleryName");
        return store.gallery(request.param("subscriptionId"), request.param("resourceGroupName"), name)
                .orElseThrow(() -> GalleryStore.parentNotFound(name));
    }
}
