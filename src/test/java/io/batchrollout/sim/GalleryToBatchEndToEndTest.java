package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gallery and Batch halves of the simulator together, as the app meets them: no scripted image facts, only
 * what was published to the simulated gallery, read by the real clients.
 */
class GalleryToBatchEndToEndTest {
    static final String SUB = "00000000-0000-0000-0000-000000000009";
    static SimulatedAzure azure;
    static AzureClients clients;
    static GalleryId gallery;
    static ImageDefinitionId ubuntu;
    static BatchAccountId account;

    @BeforeAll
    static void start() {
        azure = SimulatedAzure.start(0);
        clients = AzureClients.create(azure.target());
        azure.gallery().addGallery(SUB, "img-rg", "e2egallery", "westeurope");
        gallery = GalleryId.parse("/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/e2egallery");
        azure.gallery().addImageDefinition(gallery.toString(), "ubuntu", "Linux", "Generalized", "V2");
        ubuntu = gallery.image("ubuntu");
        azure.gallery().addVersion(ubuntu.toString(), "1.0.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);
        azure.batch().addAccount(SUB, "batch-rg", "e2ebatch", "northeurope", 200, 0);
        account = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/e2ebatch");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static PoolSpec spec(String image, int nodes) {
        return new PoolSpec("Standard_D2s_v3", image, "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), List.of(new Metadata("team", "e2e")));
    }

    @Test
    void poolOnVersionNotReplicatedToTheAccountRegionIsRefusedUntilReplicationCompletes() {
        String version = azure.gallery().publishVersion(ubuntu.toString(), "1.1.0",
                List.of(new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("North Europe", 2, false)));
        PoolId pool = account.pool("waits-for-replication");

        AzureCallException refused = assertThrows(AzureCallException.class, () -> clients.pools().create(pool, spec(version, 1)));
        assertEquals(400, refused.status());
        assertTrue(clients.pools().get(pool).isEmpty(), "a refused create leaves no pool behind");

        azure.advance(Duration.ofHours(1));
        assertEquals("Completed", clients.gallery().version(ubuntu.version("1.1.0")).orElseThrow()
                .replication().orElseThrow().aggregatedState());
        Pool created = clients.pools().create(pool, spec(version, 1));
        assertEquals(version.toLowerCase(), created.imageReferenceId().toLowerCase());
    }

    @Test
    void nodesBuiltFromABrokenVersionFailTheirStartTask() {
        azure.gallery().addVersion(ubuntu.toString(), "1.2.0", List.of(new SimTargetRegion("West Europe", 1, false),
                new SimTargetRegion("North Europe", 1, false)), true);
        String version = ubuntu.version("1.2.0").toString();
        azure.gallery().markBroken(version);
        PoolId pool = account.pool("on-broken-image");
        clients.pools().create(pool, spec(version, 3));

        azure.advance(Duration.ofMinutes(20));
        BatchAccount batch = clients.pools().account(account);
        NodeCounts counts = clients.nodes().nodeCounts(batch, "on-broken-image");
        assertEquals(3, counts.dedicated().startTaskFailed());
        assertEquals(0, counts.dedicated().idle());
    }

    @Test
    void publishingAVersionAnnouncesItAsAResourceWriteSuccessEvent() {
        int before = azure.events().delivered().size();
        azure.gallery().publishVersion(ubuntu.toString(), "2.0.0", List.of(new SimTargetRegion("West Europe", 1, false)));
        azure.events().awaitDelivered();

        List<EventDelivery.Delivered> delivered = azure.events().delivered();
        assertEquals(before + 1, delivered.size());
        JsonNode event = delivered.get(delivered.size() - 1).events().get(0);
        assertEquals("Microsoft.Resources.ResourceWriteSuccess", event.path("eventType").asText());
        assertEquals("Microsoft.Compute/galleries/images/versions/write", event.path("data").path("operationName").asText());
        assertTrue(event.path("subject").asText().equalsIgnoreCase(ubuntu.version("2.0.0").toString()));
    }
}
