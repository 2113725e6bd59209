package io.batchrollout.sim.gallery;

import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One handler per verb for gallery image versions. PUT is a long-running operation (201 Creating or 200 Updating
 * with an Azure-AsyncOperation header) that ends when replication does; GET adds replicationStatus only with
 * {@code $expand=ReplicationStatus}; LIST pages and never carries replicationStatus.
 */
final class VersionHandlers {
    static final String WRITE = "Microsoft.Compute/galleries/images/versions/write";
    static final String DELETE = "Microsoft.Compute/galleries/images/versions/delete";
    private static final String TYPE_FOR_API_VERSION = "galleries/images/versions";
    private static final List<String> EXPAND_VALUES = List.of("ReplicationStatus", "UefiSettings");

    private final SimState state;
    private final GalleryStore store;
    private final VersionWrites writes;
    private final ResourceEvents events;
    private final IntSupplier pageSize;

    VersionHandlers(SimState state, GalleryStore store, VersionWrites writes, ResourceEvents events, IntSupplier pageSize) {
        this.state = state;
        this.store = store;
        this.writes = writes;
        this.events = events;
        this.pageSize = pageSize;
    }

    private record Answer(SimResponse response, ResourceEvents.Change change) {
    }

    SimResponse put(SimRequest request) {
        GalleryRequests.requireApiVersion(request, TYPE_FOR_API_VERSION);
        String name = GalleryRequests.versionName(request.param("galleryImageVersionName"));
        var body = request.requireBody();
        Answer answer = state.write(() -> {
            Instant now = state.clock().now();
            ImageDefinitionResource definition = parentDefinition(request);
            VersionWrites.Outcome outcome = writes.write(definition, name, VersionSpec.parse(body), now);
            ImageVersionResource version = outcome.version();
            SimResponse response = SimResponse.of(outcome.created() ? 201 : 200,
                            GalleryJson.version(version, false, outcome.created() ? "Creating" : "Updating"))
                    .withHeader("Azure-AsyncOperation", AsyncOperations.statusUrl(request, outcome.operation()));
            return new Answer(response, change(ResourceEvents.WRITE_SUCCESS, version, WRITE, !outcome.created(), request, now));
        });
        events.publish(answer.change());
        return answer.response();
    }

    /**
     * GalleryImageVersions_Update: a long-running operation like the PUT's update (200 Updating, with the operation in
     * Azure-AsyncOperation and, as the spec's PATCH declares, Location); replication restarts for added, resized or
     * failed regions. A version that is not there is a 404: PATCH never creates. No ETag, no If-Match (the 2024-03-03
     * spec declares neither): an If-Match header is ignored, as ARM does for a resource type without ETags.
     */
    SimResponse patch(SimRequest request) {
        GalleryRequests.requireApiVersion(request, TYPE_FOR_API_VERSION);
        var body = request.requireBody();
        Answer answer = state.write(() -> {
            Instant now = state.clock().now();
            ImageDefinitionResource definition = parentDefinition(request);
            ImageVersionResource stored = version(request);
            VersionWrites.Outcome outcome = writes.write(definition, stored.name, VersionSpec.parse(VersionPatch.merged(stored, body)), now);
            ImageVersionResource version = outcome.version();
            SimResponse response = SimResponse.of(200, GalleryJson.version(version, false, "Updating"))
                    .withHeader("Azure-AsyncOperation", AsyncOperations.statusUrl(request, outcome.operation()))
                    .withHeader("Location", AsyncOperations.monitorUrl(request, outcome.operation()));
            return new Answer(response, change(ResourceEvents.WRITE_SUCCESS, version, WRITE, true, request, now));
        });
        events.publish(answer.change());
        return answer.response();
    }

    SimResponse get(SimRequest request) {
        GalleryRequests.requireApiVersion(request, TYPE_FOR_API_VERSION);
        boolean withReplication = request.queryParam("$expand")
                .map(e -> GalleryRequests.oneOf(e, "$expand", EXPAND_VALUES).equals("ReplicationStatus"))
                .orElse(false);
        return state.read(() -> SimResponse.ok(GalleryJson.version(version(request), withReplication, null)));
    }

    SimResponse list(SimRequest request) {
        GalleryRequests.requireApiVersion(request, TYPE_FOR_API_VERSION);
        return state.read(() -> SimResponse.ok(ListPage.of(request, store.versions(parentDefinition(request)),
                v -> v.name, v -> GalleryJson.version(v, false, null), pageSize.getAsInt())));
    }

    /** 202 with the operation to poll, then gone; 204 when there was nothing to delete. */
    SimResponse delete(SimRequest request) {
        GalleryRequests.requireApiVersion(request, TYPE_FOR_API_VERSION);
        Answer answer = state.write(() -> {
            Instant now = state.clock().now();
            ImageDefinitionResource definition = parentDefinition(request);
            var version = store.version(definition, request.param("galleryImageVersionName"));
            if (version.isEmpty()) {
                return new Answer(SimResponse.empty(204), null);
            }
            var operation = writes.delete(version.get(), now);
            SimResponse response = SimResponse.empty(202)
                    .withHeader("Azure-AsyncOperation", AsyncOperations.statusUrl(request, operation))
                    .withHeader("Location", AsyncOperations.monitorUrl(request, operation));
            return new Answer(response, change(ResourceEvents.DELETE_SUCCESS, version.get(), DELETE, false, request, now));
        });
        if (answer.change() != null) {
            events.publish(answer.change());
        }
        return answer.response();
    }

    static ResourceEvents.Change change(String eventType, ImageVersionResource version, String operationName,
                                        boolean update, SimRequest request, Instant now) {
        GalleryResource gallery = version.definition.gallery;
        return new ResourceEvents.Change(eventType, version.id(), gallery.subscriptionId, gallery.resourceGroup,
                operationName, update, request, now);
    }

    private ImageVersionResource version(SimRequest request) {
        ImageDefinitionResource definition = parentDefinition(request);
        String name = request.param("galleryImageVersionName");
        return store.version(definition, name).orElseThrow(() -> GalleryStore.notFound(ImageVersionResource.TYPE,
                definition.gallery.name + "/images/" + definition.name + "/versions/" + name, definition.gallery.resourceGroup));
    }

    private ImageDefinitionResource parentDefinition(SimRequest request) {
        String galleryName = request.param("galleryName");
        String imageName = request.param("galleryImageName");
        SimException missing = GalleryStore.parentNotFound(galleryName + "/" + imageName);
        GalleryResource gallery = store.gallery(request.param("subscriptionId"), request.param("resourceGroupName"), galleryName)
                .orElseThrow(() -> missing);
        return store.definition(gallery, imageName).orElseThrow(() -> missing);
    }
}
