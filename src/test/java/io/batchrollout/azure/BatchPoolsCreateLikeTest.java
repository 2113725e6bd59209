package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A blue-green candidate is the same pool on another image, down to what the app does not model. */
class BatchPoolsCreateLikeTest {
    static final String SUB = "00000000-0000-0000-0000-00000000c0de";
    static final ObjectMapper JSON = new ObjectMapper();
    static SimulatedAzure azure;
    static AzureClients clients;
    static BatchAccountId account;
    static ImageDefinitionId image;
    static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    @BeforeAll
    static void start() {
        azure = SimulatedAzure.start(0);
        clients = AzureClients.create(azure.target());
        azure.gallery().addGallery(SUB, "img-rg", "copygallery", "westeurope");
        String gallery = "/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/copygallery";
        azure.gallery().addImageDefinition(gallery, "ubuntu", "Linux", "Generalized", "V2");
        image = ImageDefinitionId.parse(gallery + "/images/ubuntu");
        for (String v : List.of("1.0.0", "1.1.0")) {
            azure.gallery().addVersion(image.toString(), v, List.of(new SimTargetRegion("West Europe", 1, false)), true);
        }
        azure.batch().addAccount(SUB, "batch-rg", "copybatch", "westeurope", 100, 0);
        account = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/copybatch");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static JsonNode send(String method, PoolId pool, String apiVersion, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(azure.baseUrl() + pool + "?api-version=" + apiVersion))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, response.body());
        return JSON.readTree(response.body());
    }

    /** A pool made outside the app: in a VNet, with an NFS mount and two task slots per node. */
    private static ObjectNode configuredPool() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"properties": {
                  "vmSize": "Standard_D2s_v3",
                  "deploymentConfiguration": {"virtualMachineConfiguration": {
                    "imageReference": {"id": "%s"}, "nodeAgentSkuId": "batch.node.ubuntu 22.04"}},
                  "scaleSettings": {"fixedScale": {"targetDedicatedNodes": 1, "resizeTimeout": "PT15M"}},
                  "taskSlotsPerNode": 2,
                  "networkConfiguration": {"subnetId": "/subscriptions/%s/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/batch",
                    "publicIPAddressConfiguration": {"provision": "NoPublicIPAddresses"}},
                  "mountConfiguration": [{"nfsMountConfiguration": {"source": "10.0.0.4:/assets", "relativeMountPath": "assets"}}],
                  "metadata": [{"name": "team", "value": "render"}]}}
                """.formatted(image.version("1.0.0"), SUB));
    }

    @Test
    void theCopyKeepsNetworkAccountsMountsAndTaskSlotsAndTakesTheNewImage() throws Exception {
        PoolId source = account.pool("configured");
        send("PUT", source, "2023-05-01", configuredPool().toString());
        PoolId candidate = account.pool("configured-v1-1-0");
        PoolSpec spec = new PoolSpec("Standard_D2s_v3", image.version("1.1.0").toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.empty(), List.of(new Metadata("team", "render")));

        Pool created = clients.pools().createLike(source, candidate, spec);

        assertTrue(created.imageReferenceId().endsWith("/versions/1.1.0"));
        JsonNode original = send("GET", source, "2023-05-01", null).path("properties");
        JsonNode copy = send("GET", candidate, "2023-05-01", null).path("properties");
        for (String property : List.of("networkConfiguration", "mountConfiguration", "taskSlotsPerNode")) {
            assertEquals(original.path(property), copy.path(property), property + " carried over");
        }
        assertEquals(2, copy.path("taskSlotsPerNode").asInt());
    }

    /**
     * The copy is made from the original's JSON as Batch returns it at 2024-07-01, not through the SDK's 2023-05-01
     * models, which know no security profile, service artifact or OS disk caching/managed disk: those survive too.
     */
    @Test
    void theCopyKeepsTheWholeVmConfigurationEvenWhatTheSdksModelsDoNotKnow() throws Exception {
        PoolId source = account.pool("vm-rich");
        ObjectNode body = configuredPool();
        ObjectNode vm = (ObjectNode) body.at("/properties/deploymentConfiguration/virtualMachineConfiguration");
        vm.set("dataDisks", JSON.readTree("[{\"lun\": 0, \"diskSizeGB\": 128, \"caching\": \"ReadOnly\"}]"));
        vm.set("osDisk", JSON.readTree("{\"caching\": \"ReadWrite\", \"managedDisk\": {\"storageAccountType\": \"Premium_LRS\"}}"));
        vm.set("securityProfile", JSON.readTree("{\"securityType\": \"trustedLaunch\", \"uefiSettings\": {\"secureBootEnabled\": true}}"));
        vm.set("serviceArtifactReference", JSON.readTree("{\"id\": \"/subscriptions/" + SUB
                + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/copygallery/serviceArtifacts/a/vmArtifactsProfiles/p\"}"));
        send("PUT", source, "2024-07-01", body.toString());
        PoolId candidate = account.pool("vm-rich-v1-1-0");
        PoolSpec spec = new PoolSpec("Standard_D2s_v3", image.version("1.1.0").toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.empty(), List.of(new Metadata("team", "render")));

        clients.pools().createLike(source, candidate, spec);

        ObjectNode expected = vm.deepCopy();
        expected.putObject("imageReference").put("id", image.version("1.1.0").toString());
        assertEquals(expected, send("GET", candidate, "2024-07-01", null)
                .at("/properties/deploymentConfiguration/virtualMachineConfiguration"));
        assertEquals(1, azure.requests().count(e -> e.operation().equals("Pool_Create") && e.path().endsWith("/vm-rich-v1-1-0")
                && e.query().contains("api-version=2024-07-01") && "*".equals(e.ifNoneMatch())), "one create, only if absent");
    }

    @Test
    void aPoolWithUserAccountsIsNotCopiedBecauseBatchNeverReturnsTheirPasswords() throws Exception {
        PoolId source = account.pool("with-accounts");
        ObjectNode body = configuredPool();
        ((ObjectNode) body.path("properties")).putArray("userAccounts").addObject()
                .put("name", "render").put("password", "Not-returned-1").put("elevationLevel", "NonAdmin");
        send("PUT", source, "2023-05-01", body.toString());
        assertTrue(send("GET", source, "2023-05-01", null).path("properties").path("userAccounts").get(0).path("password").isMissingNode(),
                "the simulator, like Batch, never returns the password");
        assertEquals(List.of("user accounts (passwords)"), clients.pools().get(source).orElseThrow().secretsNotReturned(),
                "the adapter tells the core the pool cannot be copied");
        PoolSpec spec = new PoolSpec("Standard_D2s_v3", image.version("1.1.0").toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.empty(), List.of());
        long creates = azure.requests().count("Pool_Create");

        AzureCallException refused = org.junit.jupiter.api.Assertions.assertThrows(AzureCallException.Failed.class,
                () -> clients.pools().createLike(source, account.pool("with-accounts-v1-1-0"), spec));

        assertEquals("PoolNotCopyable", refused.code());
        assertEquals(creates, azure.requests().count("Pool_Create"), "nothing was sent");
    }

    @Test
    void aPoolSigningInToAContainerRegistryWithAPasswordCannotBeCopiedEither() throws Exception {
        PoolId source = account.pool("registry-password");
        ObjectNode body = configuredPool();
        ((ObjectNode) body.at("/properties/deploymentConfiguration/virtualMachineConfiguration")).set("containerConfiguration",
                JSON.readTree("{\"type\": \"DockerCompatible\", \"containerRegistries\": [{\"registryServer\": "
                        + "\"render.azurecr.io\", \"username\": \"puller\", \"password\": \"Not-returned-2\"}]}"));
        send("PUT", source, "2024-07-01", body.toString());

        assertEquals(List.of("container registries signed in with a user name (passwords)"),
                clients.pools().get(source).orElseThrow().secretsNotReturned(), "blue-green is blocked for it, saying why");
    }

    @Test
    void copyingOntoAnExistingPoolIsAConflictAndChangesNothing() throws Exception {
        PoolId source = account.pool("configured-b");
        send("PUT", source, "2023-05-01", configuredPool().toString());
        PoolSpec spec = new PoolSpec("Standard_D2s_v3", image.version("1.1.0").toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.empty(), List.of());
        clients.pools().createLike(source, account.pool("configured-b-v1-1-0"), spec);

        org.junit.jupiter.api.Assertions.assertThrows(AzureCallException.Conflict.class,
                () -> clients.pools().createLike(source, account.pool("configured-b-v1-1-0"), spec));
    }
}
