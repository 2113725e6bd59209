package io.batchrollout.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.port.AzureCallException;

/**
 * The body of the in-place image change. A PATCH replaces the properties it carries, and whether Batch merges a nested
 * deploymentConfiguration or replaces it whole is not documented: sent with only imageReference and nodeAgentSkuId it
 * may wipe the pool's data disks, container configuration, extensions, OS disk, security profile, node placement...
 * So the body is the pool's whole virtualMachineConfiguration as Batch returned it (raw JSON read at the same
 * api-version, so members the SDK's older models do not know survive), with only the image and node agent replaced.
 */
final class ImageChangeBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageChangeBody() {
    }

    /** {@code poolJson}: the pool as Pool_Get answered it. */
    static String of(PoolId id, String poolJson, String imageReferenceId, String nodeAgentSkuId) {
        ObjectNode vm = vmWithImage(id, read(id, poolJson), imageReferenceId, nodeAgentSkuId);
        requireNoUnreturnedSecrets(id, vm);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties").putObject("deploymentConfiguration").set("virtualMachineConfiguration", vm);
        return body.toString();
    }

    static JsonNode read(PoolId id, String poolJson) {
        try {
            JsonNode pool = JSON.readTree(poolJson);
            if (pool == null || !pool.isObject()) {
                throw new AzureCallException.Failed(0, "InvalidResponse", "read pool " + id + ": not a JSON object", null);
            }
            return pool;
        } catch (JsonProcessingException e) {
            throw new AzureCallException.Failed(0, "InvalidResponse", "read pool " + id + ": the response is not JSON", e);
        }
    }

    /** A copy of the pool's virtualMachineConfiguration with only the image reference and node agent replaced. */
    static ObjectNode vmWithImage(PoolId id, JsonNode pool, String imageReferenceId, String nodeAgentSkuId) {
        JsonNode current = pool.path("properties").path("deploymentConfiguration").get("virtualMachineConfiguration");
        if (!(current instanceof ObjectNode)) {
            throw new AzureCallException.Failed(0, "InvalidResponse", "pool " + id + " as read has no "
                    + "deploymentConfiguration.virtualMachineConfiguration to carry over", null);
        }
        ObjectNode vm = ((ObjectNode) current).deepCopy();
        // An id excludes publisher/offer/sku/version and the other image kinds: the reference is replaced, not merged.
        vm.putObject("imageReference").put("id", imageReferenceId);
        vm.put("nodeAgentSkuId", nodeAgentSkuId);
        return vm;
    }

    /**
     * A container registry signed in with a user name has a password Batch never returns: sending the configuration
     * back would drop it. (An extension's protectedSettings are not returned either, and cannot even be seen: README.)
     */
    private static void requireNoUnreturnedSecrets(PoolId id, ObjectNode vm) {
        for (JsonNode registry : vm.path("containerConfiguration").path("containerRegistries")) {
            if (registry.hasNonNull("username") && !registry.hasNonNull("password")) {
                throw new AzureCallException.Failed(400, "PoolImageNotChangeable", "pool " + id.poolName()
                        + " signs in to container registry " + registry.path("registryServer").asText("docker.io")
                        + " with a password Batch never returns; changing its image resends the VM configuration "
                        + "and would drop it: use a managed identity (identityReference) for the registry", null);
            }
        }
    }
}
