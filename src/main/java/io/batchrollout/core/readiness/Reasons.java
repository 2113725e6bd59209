package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageVersion;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds every {@link Reason} with its facts and a message a platform engineer can act on. One place, so the fact
 * names (part of the API) stay the same wherever a reason is raised.
 */
final class Reasons {
    static final String BATCH_NAMESPACE = "Microsoft.Batch";

    private Reasons() {
    }

    static Reason versionNotSucceeded(String version, String provisioningState) {
        String state = orUnknown(provisioningState);
        return new Reason(ReasonCode.VERSION_NOT_SUCCEEDED, "Image version " + version + " is in provisioning state "
                + state + ", not Succeeded: " + ("Failed".equalsIgnoreCase(state)
                ? "its publication failed; publish a new version." : "wait until the gallery has finished writing it."),
                Optional.of(version), Map.of("provisioningState", state));
    }

    static Reason regionNotTargeted(String version, String region, List<String> targetedRegions) {
        return new Reason(ReasonCode.REGION_NOT_TARGETED, "Image version " + version + " is not published to " + region
                + ", the Batch account's region (it targets " + (targetedRegions.isEmpty() ? "no region"
                : String.join(", ", targetedRegions)) + "): add " + region + " to the version's target regions.",
                Optional.of(version), Map.of("region", region, "targetedRegions", List.copyOf(targetedRegions)));
    }

    static Reason replicationInProgress(String version, String region, String state, int progress) {
        return new Reason(ReasonCode.REPLICATION_IN_PROGRESS, replicatingMessage(version, region, state,
                ", " + progress + "% done"), Optional.of(version), Map.of("region", region, "state", state, "progress", progress));
    }

    static String replicatingMessage(String version, String region, Object state, String progress) {
        return "Image version " + version + " is still replicating to " + region + " (state " + state + progress
                + "): wait until replication there is Completed.";
    }

    static Reason replicationFailed(String version, String region, String details) {
        String said = details == null ? "" : details;
        return new Reason(ReasonCode.REPLICATION_FAILED, "Replication of image version " + version + " to " + region
                + " failed" + (said.isBlank() ? "" : " (" + said + ")")
                + ": fix the cause and update the version's target regions or publish a new version.",
                Optional.of(version), Map.of("region", region, "details", said));
    }

    static Reason tooFewReplicas(String version, String region, int needed, int present, int nodes, int vmsPerReplica) {
        return new Reason(ReasonCode.TOO_FEW_REPLICAS, "Image version " + version + " has " + present + " replica"
                + plural(present) + " in " + region + ", but a pool of " + nodes + " nodes needs " + needed
                + " (one per " + vmsPerReplica + " VMs): raise its regionalReplicaCount in " + region + " to at least "
                + needed + ", or make the pool smaller.",
                Optional.of(version), Map.of("region", region, "replicasNeeded", needed, "replicasPresent", present,
                        "nodes", nodes, "vmsPerReplica", vmsPerReplica));
    }

    static Reason poolTooLarge(String version, ReplicaRule.TooLarge tooLarge, int vmsPerReplica) {
        return new Reason(ReasonCode.POOL_TOO_LARGE_FOR_GALLERY, "A pool of " + tooLarge.nodes() + " nodes needs "
                + tooLarge.replicasNeeded() + " gallery replicas in its region at one per " + vmsPerReplica
                + " VMs, but Azure allows at most " + tooLarge.maxReplicas() + " replicas per region: split it into "
                + "pools of at most " + tooLarge.maxNodes() + " nodes.",
                Optional.of(version), Map.of("nodes", tooLarge.nodes(), "replicasNeeded", tooLarge.replicasNeeded(),
                        "maxReplicas", tooLarge.maxReplicas(), "maxNodes", tooLarge.maxNodes()));
    }

    static Reason notGeneralized(String version, ImageDefinition definition) {
        String osState = wire(definition.osState().name());
        return new Reason(ReasonCode.IMAGE_NOT_GENERALIZED, "Image definition " + definition.id().imageName() + " is "
                + osState + ", and Batch builds nodes only from Generalized images: capture the image generalized "
                + "into a Generalized image definition.",
                Optional.of(version), Map.of("osState", osState));
    }

    static Reason nodeAgentMismatch(String version, String nodeAgentSkuId, ImageDefinition.OsType osType) {
        String os = wire(osType.name());
        NodeAgentFamily wanted = osType == ImageDefinition.OsType.WINDOWS ? NodeAgentFamily.WINDOWS : NodeAgentFamily.LINUX;
        return new Reason(ReasonCode.NODE_AGENT_OS_MISMATCH, "The node agent SKU '" + nodeAgentSkuId + "' is for "
                + wire(NodeAgentFamily.of(nodeAgentSkuId).name()) + ", but the image is " + os + ": use a "
                + (wanted == NodeAgentFamily.WINDOWS ? "batch.node.windows" : "Linux batch.node") + " agent SKU.",
                Optional.of(version), Map.of("nodeAgentSkuId", nodeAgentSkuId, "osType", os));
    }

    static Reason policyViolation(String version, ImageVersion.Safety safety) {
        List<String> categories = safety.policyViolations().stream()
                .map(v -> v.category() == null || v.category().isBlank() ? "unspecified" : v.category())
                .distinct().toList();
        List<String> details = safety.policyViolations().stream().map(ImageVersion.PolicyViolation::details)
                .filter(d -> d != null && !d.isBlank()).toList();
        String named = categories.isEmpty() ? "no category given" : String.join(", ", categories);
        return new Reason(ReasonCode.VERSION_REPORTED_FOR_POLICY_VIOLATION, "Image version " + version
                + " was reported for a policy violation (" + named + ")" + (details.isEmpty() ? "" : ": "
                + String.join("; ", details)) + ". It is never used for a pool: publish a new version that is not "
                + "flagged, or pin a version that is.",
                Optional.of(version), Map.of("reportedForPolicyViolation", safety.reportedForPolicyViolation(),
                        "categories", categories, "details", details));
    }

    static Reason endOfLife(String version, OffsetDateTime endOfLifeDate) {
        return new Reason(ReasonCode.VERSION_END_OF_LIFE, "Image version " + version + " reached its end of life on "
                + endOfLifeDate + ": use a newer version, or move its endOfLifeDate if it is still supported.",
                Optional.of(version), Map.of("endOfLifeDate", endOfLifeDate.toString()));
    }

    static Reason galleryNotAllowed(Optional<String> version, String galleryId) {
        return new Reason(ReasonCode.GALLERY_NOT_ALLOWED, "Gallery " + galleryId + " is not in ALLOWED_GALLERY_IDS: "
                + "add its id to that app setting if pools may use its images.",
                version, Map.of("galleryId", galleryId));
    }

    static Reason providerNotRegistered(Optional<String> version, String subscriptionId, String registrationState) {
        String fix = "az provider register --namespace " + BATCH_NAMESPACE + " --subscription " + subscriptionId;
        return new Reason(ReasonCode.BATCH_PROVIDER_NOT_REGISTERED, "The gallery is in subscription " + subscriptionId
                + ", where the " + BATCH_NAMESPACE + " resource provider is " + registrationState + "; Batch reads "
                + "images from another subscription only where it is registered. Run: " + fix,
                version, Map.of("subscriptionId", subscriptionId, "registrationState", registrationState, "fix", fix));
    }

    static Reason imageNotFound(Optional<String> version, String imageId) {
        return new Reason(ReasonCode.IMAGE_NOT_FOUND, "Image " + imageId + " does not exist, or this app's identity "
                + "cannot read it: check the id and grant the identity Reader on the gallery.",
                version, Map.of("imageId", imageId));
    }

    static Reason noEligibleVersion(LatestCandidates.Census census, String definitionId) {
        return new Reason(ReasonCode.NO_ELIGIBLE_VERSION, "No version of " + definitionId + " can be latest in "
                + census.region() + ": of " + census.listed() + " version" + plural(census.listed()) + ", "
                + census.excludedFromLatest() + " excluded from latest, " + census.notTargeted() + " not published to "
                + census.region() + ", " + census.notNumeric() + " not named Major.Minor.Patch. Publish a version to "
                + census.region() + " that is not excluded from latest, or pin a version.",
                Optional.empty(), Map.of("region", census.region(), "versionsListed", census.listed(),
                        "excludedFromLatest", census.excludedFromLatest(), "notTargeted", census.notTargeted(),
                        "notNumeric", census.notNumeric()));
    }

    static Reason candidateLimit(List<String> read, List<String> unread, int maxCandidates) {
        return new Reason(ReasonCode.CANDIDATE_LIMIT_REACHED, "The " + read.size() + " newest eligible version"
                + plural(read.size()) + " (" + String.join(", ", read) + ") cannot back the pool, and " + unread.size()
                + " older eligible version" + plural(unread.size()) + " (" + String.join(", ", unread) + ") were not "
                + "checked: fix one of the newest, or pin an older version that is ready.",
                Optional.empty(), Map.of("candidatesRead", List.copyOf(read), "candidatesNotRead", List.copyOf(unread),
                        "maxCandidates", maxCandidates));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "Unknown" : value;
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    /** LINUX → Linux, GENERALIZED → Generalized: as Azure spells them. */
    private static String wire(String enumName) {
        return enumName.charAt(0) + enumName.substring(1).toLowerCase(Locale.ROOT);
    }
}
