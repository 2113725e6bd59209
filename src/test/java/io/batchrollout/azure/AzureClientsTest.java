package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureClientsTest {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

    @Test
    void serviceClientsAreBuiltOncePerSubscriptionAndShared() {
        AzureClients clients = AzureClients.create(AzureTarget.azure(settings()));
        assertSame(clients.compute(SUBSCRIPTION), clients.compute(SUBSCRIPTION.toUpperCase()));
        assertSame(clients.batch(SUBSCRIPTION), clients.batch(SUBSCRIPTION));
        assertSame(clients.nodes(), clients.jobs(), "one data plane adapter serves nodes and jobs");
    }

    @Test
    void azureTargetUsesPublicCloudAndBatchTokenAudience() {
        AzureTarget target = AzureTarget.azure(settings());
        assertEquals("https://management.azure.com/", target.resourceManagerEndpoint());
        assertEquals("https://management.azure.com/.default", target.resourceManagerScope());
        assertEquals("https://batch.core.windows.net//.default", target.batchScope());
        assertTrue(target.trust().isEmpty(), "in Azure the JDK's default trust store is used");
    }

    private static Settings settings() {
        return Settings.from(Map.of(
                Settings.BATCH_ACCOUNT_IDS, "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
                Settings.ALLOWED_GALLERY_IDS, "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Compute/galleries/g"));
    }
}
