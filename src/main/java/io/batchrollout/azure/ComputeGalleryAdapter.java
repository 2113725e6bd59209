package io.batchrollout.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.models.GalleryImageFeature;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionSafetyProfile;
import com.azure.resourcemanager.compute.models.RegionalReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.port.ImageGallery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a Compute Gallery through the Compute service client of the gallery's subscription. A 404 is an absent
 * resource; every other failure leaves as an {@link AzureCallException} through {@link AzureErrors}. A version update
 * goes raw over the client's pipeline: the SDK's models would drop region fields they do not know, and its update
 * waits for the long-running operation, which lasts as long as replication.
 */
final class ComputeGalleryAdapter implements ImageGallery, GalleryWrites {
    private static final String SECURITY_TYPE = "SecurityType";
    static final String API_VERSION = "2024-03-03";
    /** Marks an ETag the adapter computed (Azure gave none); If-Match carries only an ETag Azure sent. */
    static final String FINGERPRINT_PREFIX = "fp:";
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();

    private final Function<String, ComputeManagementClient> clientForSubscription;

    ComputeGalleryAdapter(Function<String, ComputeManagementClient> clientForSubscription) {
        this.clientForSubscription = clientForSubscription;
    }

    @Override
    public Optional<ImageDefinition> imageDefinition(ImageDefinitionId id) {
        ArmId arm = id.armId();
        return absentOn404(() -> AzureErrors.call("read image definition " + id, () -> client(arm).getGalleryImages()
                .getWithResponse(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), Context.NONE).getValue()))
                .map(inner -> toDefinition(id, inner));
    }

    /** Follows every nextLink; a definition that is not there is NotFound, not an empty list. */
    @Override
    public List<ImageVersion> versions(ImageDefinitionId id) {
        ArmId arm = id.armId();
        return AzureErrors.call("list versions of " + id, () -> client(arm).getGalleryImageVersions()
                .listByGalleryImage(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), Context.NONE)
                .stream()
                .map(inner -> toVersion(id.version(inner.name()), inner))
                .toList());
    }

    @Override
    public Optional<ImageVersion> version(ImageVersionId id) {
        ArmId arm = id.armId();
        return absentOn404(() -> AzureErrors.call("read image version " + id, () -> client(arm).getGalleryImageVersions()
                .getWithResponse(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), arm.names().get(2),
                        ReplicationStatusTypes.REPLICATION_STATUS, Context.NONE)
                .getValue()))
                .map(inner -> toVersion(id, inner));
    }

    /**
     * Reads the version again (GET, no expand), refuses if it is not the one the caller decided on, then PATCHes the
     * body built from that read. Nothing polls the operation: replication is a later pass's business.
     */
    @Override
    public void updateVersion(ImageVersionId id, VersionUpdate update) {
        ComputeManagementClient client = client(id.armId());
        String url = trimSlash(client.getEndpoint()) + id + "?api-version=" + API_VERSION;
        Answer current = send(client, new HttpRequest(HttpMethod.GET, url).setHeader(HttpHeaderName.ACCEPT, "application/json"),
                "read image version " + id + " to update it");
        ImageVersion read = toVersion(id, deserialize(id, current.body()), current.etag());
        if (update.etag() != null && !update.etag().equals(read.etag())) {
            throw new AzureCallException.PreconditionFailed("ConditionNotMet", "image version " + id
                    + " changed since it was read (" + update.etag() + ", now " + read.etag() + "): not updated", null);
        }
        HttpRequest patch = new HttpRequest(HttpMethod.PATCH, url)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setBody(VersionUpdateBody.of(VersionUpdateBody.read(id, current.body()), update));
        if (current.etag() != null) {
            patch.setHeader(HttpHeaderName.IF_MATCH, current.etag());
        }
        send(client, patch, "update image version " + id);
    }

    private record Answer(String body, String etag) {
    }

    private static Answer send(ComputeManagementClient client, HttpRequest request, String what) {
        try (HttpResponse response = client.getHttpPipeline().sendSync(request, Context.NONE)) {
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() >= 400) {
                throw ArmErrorBody.toException(what, response, body);
            }
            return new Answer(body, response.getHeaderValue(HttpHeaderName.ETAG));
        }
    }

    private static GalleryImageVersionInner deserialize(ImageVersionId id, String body) {
        try {
            return SERIALIZER.deserialize(body, GalleryImageVersionInner.class, SerializerEncoding.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("image version " + id + ": unreadable answer", e);
        }
    }

    private static String trimSlash(String endpoint) {
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    private ComputeManagementClient client(ArmId id) {
        return clientForSubscription.apply(id.subscriptionId());
    }

    private static <T> Optional<T> absentOn404(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (AzureCallException.NotFound e) {
            return Optional.empty();
        }
    }

    static ImageDefinition toDefinition(ImageDefinitionId id, GalleryImageInner inner) {
        String securityType = inner.features() == null ? null : inner.features().stream()
                .filter(f -> SECURITY_TYPE.equalsIgnoreCase(f.name()))
                .map(GalleryImageFeature::value)
                .findFirst().orElse(null);
        // GalleryRP answers a display name ("West US"), other providers the short form: keep one form.
        return new ImageDefinition(id, RegionName.normalize(inner.location()),
                ImageDefinition.OsType.valueOf(wire(inner.osType(), "osType").toUpperCase(Locale.ROOT)),
                ImageDefinition.OsState.valueOf(wire(inner.osState(), "osState").toUpperCase(Locale.ROOT)),
                inner.hyperVGeneration() == null ? "V1" : inner.hyperVGeneration().toString(),
                securityType);
    }

    static ImageVersion toVersion(ImageVersionId id, GalleryImageVersionInner inner) {
        return toVersion(id, inner, null);
    }

    /** {@code azureEtag}: the ETag header, if Azure sent one; otherwise the version gets a fingerprint. */
    static ImageVersion toVersion(ImageVersionId id, GalleryImageVersionInner inner, String azureEtag) {
        GalleryImageVersionPublishingProfile publishing = inner.publishingProfile();
        int defaultReplicas = publishing == null || publishing.replicaCount() == null ? 1 : publishing.replicaCount();
        List<ImageVersion.TargetRegion> targets = publishing == null || publishing.targetRegions() == null ? List.of()
                : publishing.targetRegions().stream().map(t -> toTarget(t, defaultReplicas)).toList();
        ImageVersion version = new ImageVersion(id,
                inner.provisioningState() == null ? null : inner.provisioningState().toString(),
                publishing != null && Boolean.TRUE.equals(publishing.excludeFromLatest()),
                publishing == null ? null : publishing.publishedDate(),
                publishing == null ? null : publishing.endOfLifeDate(),
                defaultReplicas,
                targets,
                Optional.ofNullable(inner.replicationStatus()).map(ComputeGalleryAdapter::toReplication),
                toSafety(inner.safetyProfile()),
                null, inner.tags() == null ? Map.of() : inner.tags());
        return withEtag(version, azureEtag != null ? azureEtag : fingerprint(version));
    }

    private static ImageVersion withEtag(ImageVersion v, String etag) {
        return new ImageVersion(v.id(), v.provisioningState(), v.excludeFromLatest(), v.publishedDate(), v.endOfLifeDate(),
                v.defaultReplicaCount(), v.targetRegions(), v.replication(), v.safety(), etag, v.tags());
    }

    /**
     * What an update may change, hashed: equal for a version read by a list and read alone (no replication status,
     * no provisioning state, which moves on its own while replication runs).
     */
    static String fingerprint(ImageVersion v) {
        StringBuilder text = new StringBuilder();
        for (ImageVersion.TargetRegion t : v.targetRegions()) {
            text.append(RegionName.normalize(t.name())).append('|').append(t.regionalReplicaCount()).append('|')
                    .append(t.storageAccountType()).append('|').append(t.excludeFromLatest()).append(';');
        }
        text.append(v.excludeFromLatest()).append(';').append(v.defaultReplicaCount()).append(';')
                .append(v.endOfLifeDate() == null ? "" : v.endOfLifeDate().toInstant()).append(';');
        new TreeMap<>(v.tags()).forEach((k, value) -> text.append(k).append('=').append(value).append(';'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return FINGERPRINT_PREFIX + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Absent profile or flag: not reported. Violations are kept whatever the flag says (the gate decides). */
    static ImageVersion.Safety toSafety(GalleryImageVersionSafetyProfile profile) {
        if (profile == null) {
            return ImageVersion.Safety.UNFLAGGED;
        }
        List<ImageVersion.PolicyViolation> violations = profile.policyViolations() == null ? List.of()
                : profile.policyViolations().stream().filter(Objects::nonNull)
                .map(v -> new ImageVersion.PolicyViolation(v.category() == null ? null : v.category().toString(), v.details()))
                .toList();
        return new ImageVersion.Safety(Boolean.TRUE.equals(profile.reportedForPolicyViolation()), violations);
    }

    private static ImageVersion.TargetRegion toTarget(com.azure.resourcemanager.compute.models.TargetRegion target, int defaultReplicas) {
        return new ImageVersion.TargetRegion(target.name(),
                target.regionalReplicaCount() == null ? defaultReplicas : target.regionalReplicaCount(),
                target.storageAccountType() == null ? null : target.storageAccountType().toString(),
                Boolean.TRUE.equals(target.excludeFromLatest()));
    }

    private static ImageVersion.Replication toReplication(ReplicationStatus status) {
        List<RegionalReplicationStatus> summary = status.summary() == null ? List.of() : status.summary();
        return new ImageVersion.Replication(
                status.aggregatedState() == null ? "Unknown" : status.aggregatedState().toString(),
                summary.stream().map(s -> new ImageVersion.RegionReplication(s.region(),
                        s.state() == null ? "Unknown" : s.state().toString(), s.details(), s.progress())).toList());
    }

    private static String wire(Object value, String field) {
        return Objects.requireNonNull(value, () -> "Azure answered an image definition without " + field).toString();
    }
}
