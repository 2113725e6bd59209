package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A gallery image version as the simulator stores it. Mutated only under the state's write lock. */
final class ImageVersionResource {
    static final String TYPE = "Microsoft.Compute/galleries/images/versions";

    final ImageDefinitionResource definition;
    final String name;
    final Regions.Region location;
    final Instant publishedDate;
    int replicaCount;
    boolean excludeFromLatest;
    Instant endOfLifeDate;
    String storageAccountType;
    /** In the order the publisher gave them, as Azure answers them. */
    List<RegionReplica> regions = new ArrayList<>();
    ObjectNode storageProfile;
    /** The publisher's part of safetyProfile. */
    VersionSpec.Safety safety = new VersionSpec.Safety(false, null);
    /** Stamped by the gallery service only (a test seam flags a version); never taken from a request. */
    final List<GallerySimulation.SimPolicyViolation> policyViolations = new ArrayList<>();
    JsonNode tags;
    String provisioningState;
    /** The operation a client polls until this version's current write ends; null when none is running. */
    String pendingOperationId;
    boolean broken;

    ImageVersionResource(ImageDefinitionResource definition, String name, Regions.Region location, Instant publishedDate) {
        this.definition = definition;
        this.name = name;
        this.location = location;
        this.publishedDate = publishedDate;
    }

    String id() {
        return definition.id() + "/versions/" + name;
    }

    String key() {
        return definition.key() + "/" + name.toLowerCase(Locale.ROOT);
    }

    Optional<RegionReplica> region(String normalizedRegion) {
        return regions.stream().filter(r -> r.region.name().equals(normalizedRegion)).findFirst();
    }

    /** Unknown|InProgress|Completed|Failed over every target region. */
    String aggregatedState() {
        if (regions.isEmpty()) {
            return "Unknown";
        }
        if (regions.stream().anyMatch(r -> r.state == RegionReplica.State.FAILED)) {
            return "Failed";
        }
        if (regions.stream().allMatch(r -> r.state == RegionReplica.State.COMPLETED)) {
            return "Completed";
        }
        return "InProgress";
    }
}
