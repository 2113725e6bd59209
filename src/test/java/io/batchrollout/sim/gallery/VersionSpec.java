package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A version PUT body after the checks that need no stored state: what the publisher asked for. Server-owned
 * fields in the body (provisioningState, publishedDate, replicationStatus, and safetyProfile's
 * reportedForPolicyViolation and policyViolations, read-only in GalleryRP 2024-03-03) are ignored, never trusted.
 */
record VersionSpec(Regions.Region location, List<Target> targetRegions, int replicaCount, boolean excludeFromLatest,
                   Instant endOfLifeDate, String storageAccountType, ObjectNode storageProfile, Safety safety,
                   JsonNode tags) {

    /** The publisher's part of safetyProfile; {@code blockDeletionBeforeEndOfLife} is null when not given. */
    record Safety(boolean allowDeletionOfReplicatedLocations, Boolean blockDeletionBeforeEndOfLife) {
        static Safety parse(JsonNode profile) {
            if (profile.isMissingNode() || profile.isNull()) {
                return new Safety(false, null);
            }
            if (!profile.isObject()) {
                throw SimException.badRequest("InvalidRequestContent", "The request content was invalid: 'safetyProfile' must be an object.");
            }
            boolean block = GalleryRequests.bool(profile, "blockDeletionBeforeEndOfLife", false);
            return new Safety(GalleryRequests.bool(profile, "allowDeletionOfReplicatedLocations", false),
                    profile.hasNonNull("blockDeletionBeforeEndOfLife") ? block : null);
        }
    }

    static final List<String> STORAGE_ACCOUNT_TYPES = List.of("Standard_LRS", "Standard_ZRS", "Premium_LRS", "PremiumV2_LRS");
    static final int MAX_REPLICAS_PER_REGION = 100;

    /** One target region as asked; {@code regionalReplicaCount} defaults to the version's replicaCount. */
    record Target(Regions.Region region, int regionalReplicaCount, String storageAccountType, boolean excludeFromLatest) {
    }

    VersionSpec {
        targetRegions = List.copyOf(targetRegions);
    }

    static VersionSpec parse(JsonNode body) {
        if (!body.isObject()) {
            throw SimException.badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        Regions.Region location = Regions.location(GalleryRequests.text(body, "location"), ImageVersionResource.TYPE);
        ObjectNode properties = GalleryRequests.properties(body);
        JsonNode publishing = properties.path("publishingProfile");
        Integer replicaCount = GalleryRequests.integer(publishing, "replicaCount");
        int defaultReplicas = replicaCount == null ? 1 : replicaCount;
        replicaCount(defaultReplicas, "galleryImageVersion.properties.publishingProfile.replicaCount");
        String storageType = storageType(GalleryRequests.text(publishing, "storageAccountType"),
                "galleryImageVersion.properties.publishingProfile.storageAccountType", "Standard_LRS");
        List<Target> targets = targets(publishing.path("targetRegions"), defaultReplicas, storageType);
        return new VersionSpec(location, targets, defaultReplicas,
                GalleryRequests.bool(publishing, "excludeFromLatest", false),
                GalleryRequests.dateTime(publishing, "endOfLifeDate", "galleryImageVersion.properties.publishingProfile.endOfLifeDate"),
                storageType, storageProfile(properties.path("storageProfile")), Safety.parse(properties.path("safetyProfile")),
                nullIfMissing(body.path("tags")));
    }

    /** The publisher's targets, or (none given) the version's own region with the default replica count. */
    List<Target> targetsOrDefault() {
        return targetRegions.isEmpty() ? List.of(new Target(location, replicaCount, storageAccountType, false)) : targetRegions;
    }

    private static List<Target> targets(JsonNode array, int defaultReplicas, String defaultStorage) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw SimException.badRequest("InvalidRequestContent", "The request content was invalid: 'targetRegions' must be an array.");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String property = "galleryImageVersion.properties.publishingProfile.targetRegions[" + i + "]";
            Regions.Region region = Regions.property(GalleryRequests.text(item, "name"), property + ".name");
            if (!seen.add(region.name())) {
                throw SimException.badRequest("InvalidParameter", "Duplicate regions are not allowed in target publishing regions.");
            }
            Integer count = GalleryRequests.integer(item, "regionalReplicaCount");
            int replicas = count == null ? defaultReplicas : count;
            replicaCount(replicas, property + ".regionalReplicaCount");
            targets.add(new Target(region, replicas,
                    storageType(GalleryRequests.text(item, "storageAccountType"), property + ".storageAccountType", defaultStorage),
                    GalleryRequests.bool(item, "excludeFromLatest", false)));
        }
        return targets;
    }

    private static void replicaCount(int count, String property) {
        if (count < 1 || count > MAX_REPLICAS_PER_REGION) {
            throw SimException.badRequest("InvalidParameter", "The value " + count + " of parameter '" + property
                    + "' is out of range. The value must be between 1 and " + MAX_REPLICAS_PER_REGION + ".");
        }
    }

    private static String storageType(String value, String property, String otherwise) {
        return value == null ? otherwise : GalleryRequests.oneOf(value, property, STORAGE_ACCOUNT_TYPES);
    }

    /** A source is required: an image, VM, snapshot or version id, or an OS disk source (id or VHD uri). */
    private static ObjectNode storageProfile(JsonNode profile) {
        if (!profile.isObject()) {
            throw GalleryRequests.required("galleryImageVersion.properties.storageProfile");
        }
        boolean hasSource = profile.path("source").hasNonNull("id") || profile.path("source").hasNonNull("virtualMachineId")
                || profile.path("osDiskImage").path("source").hasNonNull("id")
                || profile.path("osDiskImage").path("source").hasNonNull("uri");
        if (!hasSource) {
            throw GalleryRequests.required("galleryImageVersion.properties.storageProfile.source");
        }
        ObjectNode copy = ((ObjectNode) profile).deepCopy();
        // Server-stamped: what the source's OS disk turned out to be.
        ObjectNode osDisk = copy.has("osDiskImage") && copy.get("osDiskImage").isObject()
                ? (ObjectNode) copy.get("osDiskImage") : copy.putObject("osDiskImage");
        osDisk.put("sizeInGB", 30);
        if (!osDisk.hasNonNull("hostCaching")) {
            osDisk.put("hostCaching", "ReadOnly");
        }
        return copy;
    }

    /** The source id as the publisher gave it, for the not-updatable check. */
    static String sourceId(ObjectNode storageProfile) {
        JsonNode source = storageProfile.path("source");
        if (source.hasNonNull("id")) {
            return source.get("id").asText();
        }
        if (source.hasNonNull("virtualMachineId")) {
            return source.get("virtualMachineId").asText();
        }
        JsonNode osSource = storageProfile.path("osDiskImage").path("source");
        return osSource.hasNonNull("id") ? osSource.get("id").asText() : osSource.path("uri").asText("");
    }

    private static JsonNode nullIfMissing(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.deepCopy();
    }
}
