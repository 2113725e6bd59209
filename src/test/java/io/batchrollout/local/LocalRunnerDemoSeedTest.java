package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.functions.AppContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What `mvn -Plocal` starts with: the demo resources the README promises, read through the app's own clients. */
class LocalRunnerDemoSeedTest {
    static LocalRunner runner;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void demoImageVersionIsReplicatedToWestEuropeWithOneReplica() {
        ImageDefinitionId definition = ImageDefinitionId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
                + "/resourceGroups/demo-rg/providers/Microsoft.Compute/galleries/demogallery/images/ubuntu2204-batch");
        ImageDefinition image = AppContext.clients().gallery().imageDefinition(definition).orElseThrow();
        assertEquals(ImageDefinition.OsType.LINUX, image.osType());
        assertEquals(ImageDefinition.OsState.GENERALIZED, image.osState());
        assertEquals("V2", image.hyperVGeneration());

        ImageVersion version = AppContext.clients().gallery().version(definition.version("1.0.0")).orElseThrow();
        assertEquals("Succeeded", version.provisioningState());
        assertEquals(1, version.targetRegion("westeurope").orElseThrow().regionalReplicaCount());
        assertEquals("Completed", version.replication().orElseThrow().aggregatedState());
    }

    @Test
    void demoBatchAccountIsTheOnlyConfiguredAccountAndLivesInWestEurope() {
        var accountId = runner.settings().soleAccount().orElseThrow();
        assertEquals("demobatch", accountId.accountName());
        BatchAccount account = AppContext.clients().pools().account(accountId);
        assertEquals("westeurope", account.location());
        assertTrue(account.accountEndpoint().startsWith("127.0.0.1:" + runner.simPort() + "/batch/demobatch."));
        assertTrue(runner.settings().galleryAllowed(definitionGallery()));
    }

    private static io.batchrollout.core.model.GalleryId definitionGallery() {
        return io.batchrollout.core.model.GalleryId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
                + "/resourceGroups/demo-rg/providers/Microsoft.Compute/galleries/demogallery");
    }
}
