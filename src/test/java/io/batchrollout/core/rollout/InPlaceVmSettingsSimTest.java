package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pool made outside the app with data disks, a container configuration, an extension, OS disk settings, a security
 * profile, node placement and a service artifact reference rolls in place and keeps all of them: the image change
 * resends the whole VM configuration, and the simulated Batch replaces it whole on PATCH.
 */
class InPlaceVmSettingsSimTest extends RolloutWorldTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    static JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.sim.baseUrl() + path + "?api-version=2024-07-01"))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    static ObjectNode vmSettings(String image) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"imageReference": {"id": "%s"}, "nodeAgentSkuId": "batch.node.ubuntu 22.04",
                 "dataDisks": [{"lun": 2, "diskSizeGB": 512, "caching": "ReadWrite", "storageAccountType": "Premium_LRS"}],
                 "containerConfiguration": {"type": "CriCompatible", "containerImageNames": ["mcr.microsoft.com/azurelinux/base/core:3.0"]},
                 "extensions": [{"name": "keyvault", "publisher": "Microsoft.Azure.KeyVault", "type": "KeyVaultForLinux",
                   "typeHandlerVersion": "3.0", "enableAutomaticUpgrade": true,
                   "settings": {"secretsManagementSettings": {"pollingIntervalInS": "3600"}}}],
                 "osDisk": {"caching": "ReadOnly", "diskSizeGB": 64, "managedDisk": {"storageAccountType": "Premium_LRS"}},
                 "securityProfile": {"securityType": "trustedLaunch", "uefiSettings": {"secureBootEnabled": true, "vTpmEnabled": true}},
                 "nodePlacementConfiguration": {"policy": "Regional"},
                 "serviceArtifactReference": {"id": "/subscriptions/%s/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/rollgallery/serviceArtifacts/render/vmArtifactsProfiles/default"}}
                """.formatted(image, RolloutWorld.SUB));
    }

    @Test
    void aPoolWithDisksContainersExtensionsAndSecuritySettingsRollsInPlaceAndKeepsThemAll() throws Exception {
        ImageDefinitionId image = world.definition("vm-settings");
        String path = world.poolId("vm-settings").toString();
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties").put("vmSize", "Standard_D2s_v3");
        properties.putObject("deploymentConfiguration").set("virtualMachineConfiguration",
                vmSettings(image.version("1.0.0").toString()));
        properties.putObject("scaleSettings").putObject("fixedScale").put("targetDedicatedNodes", 2)
                .put("resizeTimeout", "PT15M").put("nodeDeallocationOption", "TaskCompletion");
        ArrayNode metadata = properties.putArray("metadata");
        for (Metadata m : new RolloutPolicy(new ImageRef.Tracked(image), RolloutStrategy.IN_PLACE).toMetadata()) {
            metadata.addObject().put("name", m.name()).put("value", m.value());
        }
        send("PUT", path, body.toString());
        world.sim.advance(Duration.ofMinutes(6));
        world.addVersion(image, "1.1.0");

        world.passUntil(image, "vm-settings", stableOn("1.1.0"), 60);

        ObjectNode expected = vmSettings(image.version("1.1.0").toString());
        assertEquals(expected, send("GET", path, null).path("properties").path("deploymentConfiguration")
                .path("virtualMachineConfiguration"), "every VM setting survived the roll:\n" + String.join("\n", world.log));
        assertEquals(1, world.imageChanges("vm-settings"), "one image change");
        assertEquals(2, world.get("vm-settings").currentDedicatedNodes(), "capacity restored");
    }
}
