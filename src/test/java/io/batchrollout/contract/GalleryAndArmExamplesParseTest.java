package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeUsage;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.ProviderRegistration;
import io.batchrollout.core.readiness.Readiness;
import io.batchrollout.core.readiness.ReadinessGate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's Compute Gallery (2024-03-03), Compute usage and resource provider examples served to the app's real
 * gallery, usage and provider adapters.
 */
class GalleryAndArmExamplesParseTest {
    static final String GALLERY_PATH = "/subscriptions/" + Examples.SUBSCRIPTION
            + "/resourceGroups/myResourceGroup/providers/Microsoft.Compute/galleries/myGalleryName";
    static final ImageDefinitionId DEFINITION = GalleryId.parse(GALLERY_PATH).image("myGalleryImageName");

    static ExampleStub stub;
    static AzureClients clients;

    @BeforeAll
    static void start() {
        stub = new ExampleStub();
        clients = stub.clients();
        stub.on("GET", DEFINITION + "/versions/1.0.0", 200,
                Examples.served("gallery/GalleryImageVersion_Get_WithReplicationStatus.json", 200, Map.of()));
        stub.on("GET", DEFINITION + "/versions", 200, Examples.served("gallery/GalleryImageVersion_ListByGalleryImage.json", 200, Map.of()));
        stub.on("GET", DEFINITION.toString(), 200, Examples.served("gallery/GalleryImage_Get.json", 200, Map.of()));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @Test
    void theVersionWithReplicationStatusReadsTargetsReplicasAndEachRegionsState() {
        ImageVersion version = clients.gallery().version(DEFINITION.version("1.0.0")).orElseThrow();

        assertEquals("Succeeded", version.provisioningState());
        assertEquals(OffsetDateTime.parse("2018-01-01T00:00:00Z"), version.publishedDate());
        assertEquals(List.of(new ImageVersion.TargetRegion("West US", 1, "Standard_LRS", false),
                new ImageVersion.TargetRegion("East US", 2, "Standard_LRS", false)), version.targetRegions());
        ImageVersion.Replication replication = version.replication().orElseThrow();
        assertEquals("Completed", replication.aggregatedState());
        assertEquals(List.of(new ImageVersion.RegionReplication("West US", "Completed", "", 100),
                new ImageVersion.RegionReplication("East US", "Completed", "", 100)), replication.summary());
        assertTrue(stub.received().stream().anyMatch(r -> r.path().endsWith("/versions/1.0.0") && r.query() != null
                && java.net.URLDecoder.decode(r.query(), java.nio.charset.StandardCharsets.UTF_8).contains("$expand=ReplicationStatus")),
                "the version is read with $expand=ReplicationStatus");
    }

    @Test
    void theVersionListReadsEveryVersionByNameWithoutReplicationStatus() {
        List<ImageVersion> versions = clients.gallery().versions(DEFINITION);

        assertEquals(List.of(DEFINITION.version("1.0.0")), versions.stream().map(ImageVersion::id).toList());
        assertTrue(versions.get(0).replication().isEmpty(), "a list carries no replication status");
        assertEquals(2, versions.get(0).targetRegion("eastus").orElseThrow().regionalReplicaCount());
    }

    @Test
    void theImageDefinitionReadsOsTypeStateAndGeneration() {
        ImageDefinition definition = clients.gallery().imageDefinition(DEFINITION).orElseThrow();

        assertEquals(ImageDefinition.OsType.WINDOWS, definition.osType());
        assertEquals(ImageDefinition.OsState.GENERALIZED, definition.osState());
        assertEquals("V1", definition.hyperVGeneration());
        // The example answers a display name; the adapter keeps regions in their short form, as everywhere else.
        assertEquals("westus", definition.location());
    }

    /** The example's version carries safetyProfile.reportedForPolicyViolation: true (issue 7, defect 5). */
    @Test
    void theExamplesVersionReportedForAPolicyViolationFailsTheReadinessGate() {
        ImageDefinition definition = clients.gallery().imageDefinition(DEFINITION).orElseThrow();
        ImageVersion version = clients.gallery().version(DEFINITION.version("1.0.0")).orElseThrow();
        // The account example, moved to West US where the version example replicates.
        String accountPath = "/subscriptions/" + Examples.SUBSCRIPTION
                + "/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct";
        stub.on("GET", accountPath, 200, Examples.served("batch-management/BatchAccountGet.json", 200, Map.of("japaneast", "westus")));
        BatchAccount account = clients.pools().account(BatchAccountId.parse(accountPath));

        Readiness readiness = new ReadinessGate(300).evaluate(definition, version,
                new PoolTarget(account, 1, 0, "batch.node.windows amd64"), true, new ProviderRegistration.SameSubscription(),
                Instant.parse("2026-01-05T09:00:00Z"));

        assertFalse(readiness.ready(), "a version reported for a policy violation must never be rolled");
        assertTrue(readiness.reasons().stream().anyMatch(r -> r.message().toLowerCase(Locale.ROOT).contains("polic")),
                readiness.reasons().toString());
    }

    @Test
    void theUsageListReadsEachUsagesNameCurrentValueAndLimit() {
        stub.on("GET", "/subscriptions/" + Examples.SUBSCRIPTION + "/providers/Microsoft.Compute/locations/westeurope/usages",
                200, Examples.served("compute/Usage_List_MaximumSet_Gen.json", 200, Map.of()));

        List<ComputeUsage> usages = clients.usages().regionalUsages(Examples.SUBSCRIPTION, "westeurope");

        assertEquals(List.of(new ComputeUsage("aaaaaaaaaaaaaaaaaa", 17, 19)), usages);
    }

    @Test
    void theProviderExampleReadsItsRegistrationState() {
        stub.on("GET", "/subscriptions/" + Examples.SUBSCRIPTION + "/providers/Microsoft.TestRP1", 200,
                Examples.served("resources/GetProvider.json", 200, Map.of()));

        assertEquals("Registering", clients.providers().registrationState(Examples.SUBSCRIPTION, "Microsoft.TestRP1"));
    }
}
