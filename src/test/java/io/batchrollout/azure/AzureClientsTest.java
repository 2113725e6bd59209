package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.identity.ManagedIdentityCredential;
import io.batchrollout.config.Settings;
import io.batchrollout.config.SettingsException;
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

    @Test
    void inAzureTheAppSignsInAsItsUserAssignedManagedIdentityAlone() {
        AzureTarget target = AzureTarget.azure(settings());
        assertInstanceOf(ManagedIdentityCredential.class, target.credential(),
                "no DefaultAzureCredential: a client secret or workload identity in the environment must not replace the identity");
    }

    @Test
    void inAzureAMissingClientIdIsAClearSettingsError() {
        Settings withoutClientId = Settings.from(Map.of(Settings.BATCH_ACCOUNT_IDS, ACCOUNT, Settings.ALLOWED_GALLERY_IDS, GALLERY));
        SettingsException e = assertThrows(SettingsException.class, () -> AzureTarget.azure(withoutClientId));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith(Settings.AZURE_CLIENT_ID + " is not set"), e.getMessage());
    }

    static final String ACCOUNT = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a";
    static final String GALLERY = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Compute/galleries/g";

    private static Settings settings() {
        return Settings.from(Map.of(Settings.BATCH_ACCOUNT_IDS, ACCOUNT, Settings.ALLOWED_GALLERY_IDS, GALLERY,
                Settings.AZURE_CLIENT_ID, "11111111-2222-3333-4444-555555555555"));
    }
}
