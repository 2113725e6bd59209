package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimState;
import io.batchrollout.sim.TimeDriven;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Compute Gallery part of the simulator: ARM's galleries, image definitions and image versions at
 * api-version 2024-03-03, replication that advances with simulated time, the operation status resources a
 * poller follows, and the Resource Manager events a write raises. Seeding methods change state as a PUT would
 * (same validation) but raise no event; {@link #publishVersion} is a publication with its event.
 * All ids are ARM ids as strings, compared case-insensitively.
 */
public final class GallerySimulation implements GalleryLookup, TimeDriven {
    /** The tenant the simulated subscriptions belong to, as events report it. */
    public static final String TENANT_ID = "5e1a7ed0-7e4a-4b1d-9c3e-000000000001";
    /** The application that publishes images, as events' claims report it. */
    static final String PUBLISHER_APP_ID = "5e1a7ed0-7e4a-4b1d-9c3e-0000000000a1";
    public static final int DEFAULT_PAGE_SIZE = 2;

    /** A target region of a version as a seed or a PUT gives it. {@code name} may be "West Europe" or "westeurope". */
    public record SimTargetRegion(String name, int regionalReplicaCount, boolean excludeFromLatest) {
    }

    /** A policy violation the gallery service reports on a version: category as Azure spells it, and details. */
    public record SimPolicyViolation(String category, String details) {
        /** PolicyViolationCategory in GalleryRP 2024-03-03. */
        public static final List<String> CATEGORIES = List.of("Other", "ImageFlaggedUnsafe", "CopyrightValidation", "IpTheft");

        public SimPolicyViolation {
            if (!CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("category must be one of " + CATEGORIES + ", not " + category);
            }
        }
    }

    private static final String GALLERIES = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries";
    private static final String GALLERY = GALLERIES + "/{galleryName}";
    private static final String IMAGES = GALLERY + "/images";
    private static final String IMAGE = IMAGES + "/{galleryImageName}";
    private static final String VERSIONS = IMAGE + "/versions";
    private static final String VERSION = VERSIONS + "/{galleryImageVersionName}";

    private final SimState state;
    private final GalleryStore store = new GalleryStore();
    private final AsyncOperations operations;
    private final Replication replication = new Replication();
    private final GalleryWrites galleryWrites;
    private final VersionWrites versionWrites;
    private final ResourceEvents events;
    private volatile int pageSize = DEFAULT_PAGE_SIZE;

    public GallerySimulation(SimState state, Router router, EventDelivery events) {
        this.state = state;
        this.operations = new AsyncOperations(state);
        this.galleryWrites = new GalleryWrites(store);
        this.versionWrites = new VersionWrites(store, replication, operations);
        this.events = new ResourceEvents(events, TENANT_ID);
        GalleryHandlers galleries = new GalleryHandlers(state, store, galleryWrites, operations, this.events, () -> pageSize);
        VersionHandlers versions = new VersionHandlers(state, store, versionWrites, this.events, () -> pageSize);
        router.add("GET", GALLERIES, "Galleries_ListByResourceGroup", galleries::listGalleries)
                .add("PUT", GALLERY, "Galleries_CreateOrUpdate", galleries::putGallery)
                .add("GET", GALLERY, "Galleries_Get", galleries::getGallery)
                .add("GET", IMAGES, "GalleryImages_ListByGallery", galleries::listDefinitions)
                .add("PUT", IMAGE, "GalleryImages_CreateOrUpdate", galleries::putDefinition)
                .add("GET", IMAGE, "GalleryImages_Get", galleries::getDefinition)
                .add("GET", VERSIONS, "GalleryImageVersions_ListByGalleryImage", versions::list)
                .add("PUT", VERSION, "GalleryImageVersions_CreateOrUpdate", versions::put)
                .add("GET", VERSION, "GalleryImageVersions_Get", versions::get)
                .add("PATCH", VERSION, "GalleryImageVersions_Update", versions::patch)
                .add("DELETE", VERSION, "GalleryImageVersions_Delete", versions::delete)
                .add("GET", AsyncOperations.PATH, "GalleryOperationStatus_Get", operations::get);
        state.register(this);
    }

    /** Simulated time each region takes: {@code perRegion} plus {@code perExtraReplica} per replica beyond one. */
    public void setReplicationTiming(Duration perRegion, Duration perExtraReplica) {
        replication.setTiming(new Replication.Timing(perRegion, perExtraReplica));
    }

    /** How many items a list answers before handing out a nextLink. */
    public void setPageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one item");
        }
        this.pageSize = pageSize;
    }

    /** Seeds a gallery, as a PUT would. */
    public void addGallery(String subscriptionId, String resourceGroup, String galleryName, String location) {
        ObjectNode body = GalleryJson.object().put("location", location);
        state.write(() -> galleryWrites.gallery(subscriptionId, resourceGroup, GalleryRequests.galleryName(galleryName), body));
    }

    /** Seeds an image definition; osType Linux|Windows, osState Generalized|Specialized, hyperVGeneration V1|V2. */
    public void addImageDefinition(String galleryId, String imageName, String osType, String osState, String hyperVGeneration) {
        addImageDefinition(galleryId, imageName, osType, osState, hyperVGeneration, null);
    }

    /** As above, with a SecurityType feature (Standard, TrustedLaunch, ...) unless {@code securityType} is null. */
    public void addImageDefinition(String galleryId, String imageName, String osType, String osState, String hyperVGeneration,
                                   String securityType) {
        state.write(() -> {
            GalleryResource gallery = store.galleryById(galleryId)
                    .orElseThrow(() -> new IllegalArgumentException("no gallery " + galleryId + " is seeded"));
            ObjectNode body = GalleryJson.object().put("location", gallery.location.name());
            ObjectNode properties = body.putObject("properties")
                    .put("osType", osType).put("osState", osState).put("hyperVGeneration", hyperVGeneration);
            properties.putObject("identifier").put("publisher", "batchrollout-sim").put("offer", imageName).put("sku", "default");
            if (securityType != null) {
                properties.putArray("features").addObject().put("name", "SecurityType").put("value", securityType);
            }
            return galleryWrites.definition(gallery, GalleryRequests.imageName(imageName), body);
        });
    }

    /**
     * Seeds a version as a PUT would. With {@code replicatedAlready} every region is Completed and the version
     * Succeeded now; otherwise replication advances region by region over simulated time.
     */
    public void addVersion(String definitionId, String versionName, List<SimTargetRegion> regions, boolean replicatedAlready) {
        state.write(() -> {
            VersionWrites.Outcome outcome = writeVersion(definitionId, versionName, regions);
            if (replicatedAlready) {
                versionWrites.completeNow(outcome.version(), state.clock().now());
            }
            return outcome;
        });
    }

    /**
     * Publishes a version now, as a publisher's PUT would, with the ResourceWriteSuccess event it raises;
     * replication then advances with simulated time. Returns the version id.
     */
    public String publishVersion(String definitionId, String versionName, List<SimTargetRegion> regions) {
        Instant now = state.clock().now();
        VersionWrites.Outcome outcome = state.write(() -> writeVersion(definitionId, versionName, regions));
        events.publish(VersionHandlers.change(ResourceEvents.WRITE_SUCCESS, outcome.version(), VersionHandlers.WRITE,
                !outcome.created(), null, now));
        return outcome.version().id();
    }

    private VersionWrites.Outcome writeVersion(String definitionId, String versionName, List<SimTargetRegion> regions) {
        ImageDefinitionResource definition = store.definitionById(definitionId)
                .orElseThrow(() -> new IllegalArgumentException("no image definition " + definitionId + " is seeded"));
        ObjectNode body = GalleryJson.object().put("location", definition.gallery.location.name());
        ObjectNode publishing = body.putObject("properties").putObject("publishingProfile");
        ArrayNode targets = publishing.putArray("targetRegions");
        regions.forEach(r -> targets.addObject().put("name", r.name())
                .put("regionalReplicaCount", r.regionalReplicaCount()).put("excludeFromLatest", r.excludeFromLatest()));
        ((ObjectNode) body.get("properties")).putObject("storageProfile").putObject("source")
                .put("id", "/subscriptions/" + definition.gallery.subscriptionId + "/resourceGroups/" + definition.gallery.resourceGroup
                        + "/providers/Microsoft.Compute/images/" + definition.name + "-" + versionName);
        return versionWrites.write(definition, GalleryRequests.versionName(versionName), VersionSpec.parse(body),
                state.clock().now());
    }

    /** Nodes built from this version fail their start task (the simulator's "bad image"). */
    public void markBroken(String versionId) {
        state.write(() -> {
            requireVersion(versionId).broken = true;
            return null;
        });
    }

    /**
     * The gallery service reports this version for a policy violation: from now on its GETs and lists answer
     * {@code safetyProfile.reportedForPolicyViolation: true} with the violation listed. Azure raises no event for it.
     */
    public void reportPolicyViolation(String versionId, String category, String details) {
        SimPolicyViolation violation = new SimPolicyViolation(category, details);
        state.write(() -> requireVersion(versionId).policyViolations.add(violation));
    }

    /** The report is withdrawn: the version reads unflagged again. */
    public void clearPolicyViolations(String versionId) {
        state.write(() -> {
            requireVersion(versionId).policyViolations.clear();
            return null;
        });
    }

    /**
     * The publisher sets the version's end-of-life date (a PATCH of {@code publishingProfile.endOfLifeDate}, which
     * changes nothing else): lists and GETs answer it from now on.
     */
    public void setEndOfLife(String versionId, Instant endOfLife) {
        state.write(() -> {
            requireVersion(versionId).endOfLifeDate = endOfLife;
            return null;
        });
    }

    /** Replication of this version to this region fails when it would otherwise complete. */
    public void failReplication(String versionId, String region) {
        state.write(() -> {
            ImageVersionResource version = requireVersion(versionId);
            RegionReplica replica = version.region(Regions.normalize(region)).orElseThrow(() ->
                    new IllegalArgumentException(region + " is not a target region of " + versionId));
            if (replica.finished()) {
                throw new IllegalStateException("replication of " + versionId + " to " + region + " has already ended: "
                        + replica.state.wire);
            }
            replica.failWhenDone = true;
            return null;
        });
    }

    @Override
    public void advanceTo(Instant now) {
        for (ImageVersionResource version : store.allVersions()) {
            replication.advance(version, now, operations);
        }
    }

    @Override
    public Optional<VersionFacts> version(String versionId) {
        return state.read(() -> store.versionById(versionId).map(LatestVersion::facts));
    }

    @Override
    public Optional<DefinitionFacts> definition(String definitionId) {
        return state.read(() -> store.definitionById(definitionId).map(d ->
                new DefinitionFacts(d.id(), d.osType, d.osState, d.hyperVGeneration)));
    }

    @Override
    public Optional<String> latestVersionId(String definitionId, String region) {
        return state.read(() -> store.definitionById(definitionId)
                .flatMap(d -> LatestVersion.in(store.versions(d), Regions.normalize(region)))
                .map(ImageVersionResource::id));
    }

    private ImageVersionResource requireVersion(String versionId) {
        return store.versionById(versionId)
                .orElseThrow(() -> new IllegalArgumentException("no image version " + versionId + " is seeded"));
    }
}
