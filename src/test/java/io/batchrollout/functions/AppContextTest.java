package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.azure.AzureTarget;
import io.batchrollout.config.Settings;
import io.batchrollout.config.SettingsException;
import io.batchrollout.local.DemoResources;
import io.batchrollout.sim.SimulatedAzure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppContextTest {
    private final AtomicInteger settingsReads = new AtomicInteger();
    private final AtomicInteger clientBuilds = new AtomicInteger();

    /** Clients that are built but never called: nothing listens there. */
    private static AzureTarget unreachableTarget() {
        return AzureTarget.at("https://127.0.0.1:9/", SimulatedAzure.credential(), SimulatedAzure.clientTrust(), AzureTarget.defaultRetry());
    }

    @AfterEach
    void backToProductionSources() {
        AppContext.reset();
    }

    private void sources(Map<String, String> environment) {
        AppContext.reset(() -> {
            settingsReads.incrementAndGet();
            return Settings.from(environment);
        }, settings -> {
            clientBuilds.incrementAndGet();
            return AzureClients.create(unreachableTarget());
        });
    }

    @Test
    void settingsAreReadOnceAndTheClientsAreNotBuiltForThem() {
        sources(DemoResources.appSettings());

        Settings first = AppContext.settings();
        Settings second = AppContext.settings();

        assertSame(first, second);
        assertEquals(1, settingsReads.get());
        assertEquals(0, clientBuilds.get());
    }

    @Test
    void concurrentFirstCallsBuildTheClientsOnce() throws Exception {
        sources(DemoResources.appSettings());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AzureClients>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit((Callable<AzureClients>) () -> {
                    go.await();
                    return AppContext.clients();
                }));
            }
            go.countDown();
            AzureClients first = results.get(0).get();
            for (Future<AzureClients> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, clientBuilds.get());
        assertEquals(1, settingsReads.get());
    }

    @Test
    void invalidSettingsSurfaceWithTheMessageNamingEveryProblemOnEveryCall() {
        Map<String, String> broken = new HashMap<>();
        broken.put(Settings.VMS_PER_REPLICA, "lots");
        sources(broken);

        SettingsException first = assertThrows(SettingsException.class, AppContext::clients);
        SettingsException again = assertThrows(SettingsException.class, AppContext::settings);

        assertEquals(first.getMessage(), again.getMessage());
        assertTrue(first.getMessage().contains(Settings.BATCH_ACCOUNT_IDS), first.getMessage());
        assertTrue(first.getMessage().contains(Settings.ALLOWED_GALLERY_IDS), first.getMessage());
        assertTrue(first.getMessage().contains(Settings.VMS_PER_REPLICA), first.getMessage());
        assertEquals(0, clientBuilds.get());
    }

    @Test
    void installedSettingsAndClientsReplaceTheLazySources() {
        sources(Map.of());
        Settings settings = Settings.from(DemoResources.appSettings());
        AzureClients clients = AzureClients.create(unreachableTarget());

        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-01-05T09:00:00Z"), java.time.ZoneOffset.UTC);
        AppContext.install(settings, clients, fixed);

        assertSame(settings, AppContext.settings());
        assertSame(clients, AppContext.clients());
        assertSame(fixed, AppContext.clock());
        assertEquals(0, settingsReads.get());
        assertEquals(0, clientBuilds.get());
    }
}
