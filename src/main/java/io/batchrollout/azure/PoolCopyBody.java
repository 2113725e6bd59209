package io.batchrollout.azure;

import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.port.AzureCallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The PUT body of a blue-green candidate: the original pool as Batch returned it (raw JSON at the api-version it is
 * sent with, so members the SDK's 2023-05-01 models do not know survive: security profile, service artifact, OS disk
 * settings, upgrade policy...), without what the service owns, and with the spec's size, image, node agent, scale,
 * start task and metadata.
 */
final class PoolCopyBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();
    /** Pool properties the service sets (readOnly in the 2024-07-01 spec): never sent. */
    private static final Set<String> READ_ONLY = Set.of("lastModified", "creationTime", "provisioningState",
            "provisioningStateTransitionTime", "allocationState", "allocationStateTransitionTime", "resizeOperationStatus",
            "currentDedicatedNodes", "currentLowPriorityNodes", "autoScaleRun", "currentNodeCommunicationMode");

    private PoolCopyBody() {
    }

    /** {@code originalJson}: Pool_Get's answer; {@code original}: the same, read by the SDK's model. */
    static String of(PoolId source, String originalJson, PoolInner original, PoolSpec spec) {
        List<String> secrets = BatchPoolMapper.secretsBatchDoesNotReturn(original);
        if (!secrets.isEmpty()) {
            throw new AzureCallException.Failed(400, "PoolNotCopyable", "pool " + source.poolName() + " cannot be copied: "
                    + String.join(", ", secrets) + " carry secrets that Batch never returns, so a copy would lose them; roll "
                    + "this pool in place instead", null);
        }
        JsonNode pool = ImageChangeBody.read(source, originalJson);
        ObjectNode body = JSON.createObjectNode();
        if (pool.has("identity")) {
            ObjectNode identity = pool.get("identity").deepCopy();
            // principalId and clientId are the service's.
            identity.path("userAssignedIdentities").forEach(u -> ((ObjectNode) u).removeAll());
            body.set("identity", identity);
        }
        if (pool.has("tags")) {
            body.set("tags", pool.get("tags").deepCopy());
        }
        ObjectNode properties = pool.path("properties").isObject() ? pool.get("properties").deepCopy() : JSON.createObjectNode();
        properties.remove(READ_ONLY);
        properties.put("vmSize", spec.vmSize());
        properties.putObject("deploymentConfiguration").set("virtualMachineConfiguration",
                ImageChangeBody.vmWithImage(source, pool, spec.imageReferenceId(), spec.nodeAgentSkuId()));
        properties.set("scaleSettings", sdkJson(BatchPoolMapper.toSdk(spec.scaleSettings())));
        ArrayNode metadata = properties.putArray("metadata");
        for (Metadata m : spec.metadata()) {
            metadata.addObject().put("name", m.name()).put("value", m.value());
        }
        // The original's start task as returned (resource files, environment, container settings) when the spec keeps
        // it; the spec's own otherwise.
        if (spec.startTask().isEmpty()) {
            properties.remove("startTask");
        } else if (!spec.startTask().equals(BatchPoolMapper.startTask(original.startTask())) || !properties.has("startTask")) {
            properties.set("startTask", sdkJson(BatchPoolMapper.toSdk(spec.startTask().get())));
        }
        body.set("properties", properties);
        return body.toString();
    }

    private static JsonNode sdkJson(Object model) {
        try {
            return JSON.readTree(SERIALIZER.serialize(model, SerializerEncoding.JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
