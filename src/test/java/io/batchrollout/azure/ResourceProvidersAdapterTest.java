package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.ResourceProviders;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.SimulatedAzure;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resource provider adapter, through the app's own client factory, against the simulated Resource Manager. */
class ResourceProvidersAdapterTest {
    static final String BATCH_SUB = "5d0c6f3e-1a2b-4c3d-9e8f-000000000b01";
    static final String FRESH_SUB = "5d0c6f3e-1a2b-4c3d-9e8f-000000000f02";

    static SimulatedAzure sim;
    static ResourceProviders providers;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.batch().addAccount(BATCH_SUB, "batch-rg", "providersbatch", "westeurope", 100, 0);
        providers = AzureClients.create(sim.target()).providers();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void batchIsRegisteredWhereABatchAccountLives() {
        assertEquals("Registered", providers.registrationState(BATCH_SUB, "Microsoft.Batch"));
    }

    @Test
    void registeringAndUnregisteringInAFreshSubscriptionShowsOnTheNextRead() {
        String sub = "5d0c6f3e-1a2b-4c3d-9e8f-000000000f03";
        assertEquals("NotRegistered", providers.registrationState(sub, "Microsoft.Batch"));
        sim.resources().registerProvider(sub, "Microsoft.Batch");
        assertEquals("Registered", providers.registrationState(sub, "microsoft.batch"));
        sim.resources().unregisterProvider(sub, "Microsoft.Batch");
        assertEquals("NotRegistered", providers.registrationState(sub, "Microsoft.Batch"));
    }

    @Test
    void sendsOneProvidersGetAtTheSdksApiVersion() {
        int mark = sim.requests().entries().size();
        providers.registrationState(FRESH_SUB, "Microsoft.Compute");
        List<RequestLog.Entry> sent = sim.requests().entries().subList(mark, sim.requests().entries().size());
        assertEquals(1, sent.size());
        assertEquals("Providers_Get", sent.get(0).operation());
        assertEquals("/subscriptions/" + FRESH_SUB + "/providers/Microsoft.Compute", sent.get(0).path());
        assertEquals("api-version=2025-04-01", sent.get(0).query());
    }

    @Test
    void unknownNamespaceIsNotFoundWithArmsCode() {
        AzureCallException.NotFound e = assertThrows(AzureCallException.NotFound.class,
                () -> providers.registrationState(FRESH_SUB, "Contoso.Nothing"));
        assertEquals("InvalidResourceNamespace", e.code());
    }
}
