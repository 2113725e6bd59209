package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.RequestLog;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pool's virtualMachineConfiguration beyond image and node agent (data disks, containers, extensions, OS disk,
 * security profile, node placement, service artifact): stored and returned as sent, validated by the spec's
 * definitions, and replaced whole by a PATCH that carries a deploymentConfiguration (the strict reading). An image
 * change through the adapter must therefore send all of it back.
 */
class PoolVmConfigurationTest {
    static final String API = "?api-version=2024-07-01";
    static BatchWorld world;
    static BatchAccountId account;
    static ImageVersionId v1;
    static ImageVersionId v2;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        account = world.addAccount("vmconfig", 400, 0);
        v1 = world.publish(world.ubuntu, "1.0.0");
        v2 = world.publish(world.ubuntu, "1.1.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** Every VM setting Batch knows at 2024-07-01 that a Linux gallery pool may carry, none of them secret. */
    static ObjectNode fullVm(ImageVersionId image) {
        return (ObjectNode) json("""
                {"imageReference": {"id": "%s"}, "nodeAgentSkuId": "batch.node.ubuntu 22.04",
                 "dataDisks": [{"lun": 0, "diskSizeGB": 256, "caching": "ReadOnly", "storageAccountType": "Premium_LRS"},
                               {"lun": 1, "diskSizeGB": 1024}],
                 "containerConfiguration": {"type": "DockerCompatible", "containerImageNames": ["busybox"],
                   "containerRegistries": [{"registryServer": "render.azurecr.io",
                     "identityReference": {"resourceId": "/subscriptions/%s/resourceGroups/id-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/puller"}}]},
                 "extensions": [{"name": "monitor", "publisher": "Microsoft.Azure.Monitor", "type": "AzureMonitorLinuxAgent",
                   "typeHandlerVersion": "1.0", "autoUpgradeMinorVersion": true, "settings": {"mode": "batch"}}],
                 "osDisk": {"caching": "ReadWrite", "diskSizeGB": 100, "managedDisk": {"storageAccountType": "StandardSSD_LRS"},
                   "writeAcceleratorEnabled": false},
                 "securityProfile": {"securityType": "trustedLaunch", "encryptionAtHost": true,
                   "uefiSettings": {"secureBootEnabled": true, "vTpmEnabled": true}},
                 "nodePlacementConfiguration": {"policy": "Zonal"},
                 "serviceArtifactReference": {"id": "/subscriptions/%s/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/g/serviceArtifacts/a/vmArtifactsProfiles/p"}}
                """.formatted(image, BatchWorld.SUBSCRIPTION, BatchWorld.SUBSCRIPTION));
    }

    static JsonNode json(String text) {
        try {
            return BatchJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String poolBody(JsonNode vm) {
        ObjectNode body = BatchJson.object();
        ObjectNode p = body.putObject("properties").put("vmSize", "Standard_D2s_v3");
        p.putObject("deploymentConfiguration").set("virtualMachineConfiguration", vm);
        p.putObject("scaleSettings").putObject("fixedScale").put("targetDedicatedNodes", 0);
        return body.toString();
    }

    static JsonNode vmOf(PoolId pool) {
        HttpResponse<String> got = world.send("GET", pool + API, null);
        assertEquals(200, got.statusCode(), got.body());
        return json(got.body()).path("properties").path("deploymentConfiguration").path("virtualMachineConfiguration");
    }

    static PoolId put(String name, JsonNode vm) {
        PoolId pool = account.pool(name);
        HttpResponse<String> created = world.send("PUT", pool + API, poolBody(vm));
        assertEquals(200, created.statusCode(), created.body());
        return pool;
    }

    static long requests(String operation, PoolId pool) {
        return world.azure.requests().count((RequestLog.Entry e) -> e.operation().equals(operation)
                && e.path().endsWith("/pools/" + pool.poolName()));
    }

    @Test
    void anImageChangeThroughTheAdapterKeepsEveryVmSettingThePoolHadAndChangesOnlyTheImage() {
        ObjectNode sent = fullVm(v1);
        PoolId id = put("keeps-settings", sent);
        assertEquals(sent, vmOf(id), "Batch returns the VM configuration as it was sent");
        Pool pool = world.pool(id);
        long reads = requests("Pool_Get", id);
        long updates = requests("Pool_Update", id);

        Pool changed = world.clients.pools().changeImage(id, v2.toString(), BatchWorld.LINUX_AGENT, pool.etag());

        assertEquals(v2.toString(), changed.imageReferenceId());
        ObjectNode expected = sent.deepCopy();
        expected.putObject("imageReference").put("id", v2.toString());
        assertEquals(expected, vmOf(id), "data disks, container, extension, OS disk, security profile, node placement "
                + "and service artifact all survived the image change");
        assertEquals(1, requests("Pool_Get", id) - reads - 1, "one read of the VM configuration (plus this test's own)");
        assertEquals(1, requests("Pool_Update", id) - updates, "one PATCH");
        RequestLog.Entry patch = world.azure.requests().entries().stream().filter(e -> e.operation().equals("Pool_Update")
                && e.path().endsWith("/keeps-settings")).reduce((a, b) -> b).orElseThrow();
        assertEquals(pool.etag(), patch.ifMatch());
        assertTrue(patch.query().contains("api-version=2024-07-01"), patch.query());
    }

    @Test
    void aPatchCarryingOnlyImageAndAgentDropsTheRestOfTheVmConfiguration() {
        PoolId id = put("partial-patch", fullVm(v1));
        assertEquals(fullVm(v1), vmOf(id), "stored and returned as sent");
        String partial = """
                {"properties":{"deploymentConfiguration":{"virtualMachineConfiguration":
                  {"imageReference":{"id":"%s"},"nodeAgentSkuId":"batch.node.ubuntu 22.04"}}}}
                """.formatted(v2);

        HttpResponse<String> patched = world.send("PATCH", id + API, partial);

        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode vm = vmOf(id);
        assertEquals(v2.toString(), vm.path("imageReference").path("id").asText());
        for (String dropped : List.of("dataDisks", "containerConfiguration", "extensions", "osDisk", "securityProfile",
                "nodePlacementConfiguration", "serviceArtifactReference")) {
            assertFalse(vm.has(dropped), dropped + " was replaced with the rest of the deploymentConfiguration");
        }
    }

    @Test
    void vmSettingsOutsideTheSpecsDefinitionsAreRefusedAndChangeNothing() {
        PoolId id = put("validated", fullVm(v1));
        Pool before = world.pool(id);
        List<String[]> cases = List.of(
                new String[] {"/dataDisks/0/lun", "64", "InvalidPropertyValue"},
                new String[] {"/dataDisks/1/lun", "0", "InvalidPropertyValue"},
                new String[] {"/dataDisks/0/caching", "\"Sometimes\"", "InvalidPropertyValue"},
                new String[] {"/dataDisks/0/storageAccountType", "\"UltraSSD_LRS\"", "InvalidPropertyValue"},
                new String[] {"/dataDisks/0/diskSizeGB", "null", "MissingRequiredProperty"},
                new String[] {"/containerConfiguration/type", "\"Podman\"", "InvalidPropertyValue"},
                new String[] {"/extensions/0/publisher", "null", "MissingRequiredProperty"},
                new String[] {"/osDisk/managedDisk/storageAccountType", "\"Fast\"", "InvalidPropertyValue"},
                new String[] {"/securityProfile/securityType", "\"shielded\"", "InvalidPropertyValue"},
                new String[] {"/nodePlacementConfiguration/policy", "\"Anywhere\"", "InvalidPropertyValue"},
                new String[] {"/gpuProfile", "{}", "InvalidRequestBody"});
        for (String[] c : cases) {
            ObjectNode vm = fullVm(v2);
            String parent = c[0].substring(0, c[0].lastIndexOf('/'));
            ObjectNode holder = (ObjectNode) (parent.isEmpty() ? vm : vm.at(parent));
            holder.set(c[0].substring(c[0].lastIndexOf('/') + 1), json(c[1]));
            ObjectNode body = BatchJson.object();
            body.putObject("properties").putObject("deploymentConfiguration").set("virtualMachineConfiguration", vm);

            HttpResponse<String> refused = world.send("PATCH", id + API, body.toString());

            assertEquals(400, refused.statusCode(), c[0] + " = " + c[1]);
            assertEquals(c[2], json(refused.body()).path("error").path("code").asText(), c[0] + ": " + refused.body());
        }
        assertEquals(before.etag(), world.pool(id).etag(), "no refused PATCH changed the pool");
        assertEquals(fullVm(v1), vmOf(id));
    }

    @Test
    void registryPasswordsAndProtectedSettingsAreNeverReturnedSoTheAdapterRefusesAnImageChangeThatWouldDropThem() {
        ObjectNode vm = fullVm(v1);
        ((ObjectNode) vm.at("/containerConfiguration/containerRegistries/0")).remove("identityReference");
        ((ObjectNode) vm.at("/containerConfiguration/containerRegistries/0")).put("username", "puller").put("password", "s3cret");
        ((ObjectNode) vm.at("/extensions/0")).putObject("protectedSettings").put("key", "hidden");
        PoolId id = put("with-secrets", vm);
        JsonNode returned = vmOf(id);
        assertFalse(returned.at("/containerConfiguration/containerRegistries/0").has("password"));
        assertFalse(returned.at("/extensions/0").has("protectedSettings"));
        Pool pool = world.pool(id);
        long updates = requests("Pool_Update", id);

        AzureCallException.Failed refused = assertThrows(AzureCallException.Failed.class,
                () -> world.clients.pools().changeImage(id, v2.toString(), BatchWorld.LINUX_AGENT, pool.etag()));

        assertEquals("PoolImageNotChangeable", refused.code());
        assertTrue(refused.getMessage().contains("render.azurecr.io"), refused.getMessage());
        assertEquals(0, requests("Pool_Update", id) - updates, "nothing was sent");
        assertEquals(v1.toString(), world.pool(id).imageReferenceId());
    }

    @Test
    void anImageChangeDecidedOnAnOlderEtagIsPreconditionFailedWithoutAWrite() {
        PoolId id = put("moved-on", fullVm(v1));
        Pool pool = world.pool(id);
        HttpResponse<String> touched = world.send("PATCH", id + API, "{\"properties\":{\"metadata\":[{\"name\":\"a\",\"value\":\"1\"}]}}");
        assertEquals(200, touched.statusCode());
        long updates = requests("Pool_Update", id);

        assertThrows(AzureCallException.PreconditionFailed.class,
                () -> world.clients.pools().changeImage(id, v2.toString(), BatchWorld.LINUX_AGENT, pool.etag()));

        assertEquals(0, requests("Pool_Update", id) - updates);
        assertEquals(fullVm(v1), vmOf(id));
    }
}
