package io.batchrollout.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    static final String ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers/Microsoft.Batch/batchAccounts/demobatch";
    static final String GALLERY = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers/Microsoft.Compute/galleries/demogallery";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.BATCH_ACCOUNT_IDS, ACCOUNT);
        env.put(Settings.ALLOWED_GALLERY_IDS, GALLERY);
        return env;
    }

    @Test
    void minimalSettingsTakeTheDocumentedDefaults() {
        Settings settings = Settings.from(minimal());
        assertEquals(300, settings.vmsPerReplica());
        assertEquals("0 */5 * * * *", settings.driftSchedule());
        assertEquals(Optional.empty(), settings.azureClientId());
        assertEquals(Optional.of(BatchAccountId.parse(ACCOUNT)), settings.soleAccount());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingTheSetting() {
        Map<String, String> env = new HashMap<>();
        env.put(Settings.VMS_PER_REPLICA, "lots");
        env.put(Settings.DRIFT_SCHEDULE, "*/5 * * * *");
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("BATCH_ACCOUNT_IDS is not set"));
        assertTrue(e.getMessage().contains("ALLOWED_GALLERY_IDS is not set"));
        assertTrue(e.getMessage().contains("VMS_PER_REPLICA 'lots'"));
        assertTrue(e.getMessage().contains("DRIFT_SCHEDULE '*/5 * * * *' has 5 fields, not 6"));
    }

    @Test
    void aGalleryIdInBatchAccountIdsIsRefusedWithTheExpectedForm() {
        Map<String, String> env = minimal();
        env.put(Settings.BATCH_ACCOUNT_IDS, GALLERY);
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
        assertTrue(e.getMessage().contains("expected a Microsoft.Batch/batchAccounts id"), e.getMessage());
    }

    @Test
    void anySharedKeySettingIsRefusedBecauseOnlyEntraIdIsUsed() {
        Map<String, String> env = minimal();
        env.put("BATCH_ACCOUNT_KEY", "c2VjcmV0");
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
        assertTrue(e.getMessage().contains("never uses Batch shared keys"), e.getMessage());
    }

    @Test
    void galleryAllowListComparesIdsIgnoringCase() {
        Settings settings = Settings.from(minimal());
        assertTrue(settings.galleryAllowed(GalleryId.parse(GALLERY.toLowerCase().replace("resourcegroups", "resourceGroups"))));
        assertTrue(settings.galleryAllowed(GalleryId.parse(GALLERY.replace("resourceGroups", "resourcegroups"))));
        assertFalse(settings.galleryAllowed(GalleryId.parse(GALLERY.replace("demogallery", "othergallery"))));
    }

    @Test
    void severalAccountsMeanNoSoleAccountAndDuplicatesCollapse() {
        Map<String, String> env = minimal();
        String second = ACCOUNT.replace("demobatch", "otherbatch");
        env.put(Settings.BATCH_ACCOUNT_IDS, ACCOUNT + ", " + second + "," + ACCOUNT.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions"));
        Settings settings = Settings.from(env);
        assertEquals(2, settings.batchAccountIds().size());
        assertEquals(Optional.empty(), settings.soleAccount());
    }

    @Test
    void vmsPerReplicaAcceptsTheOlderGuidanceAndRefusesZero() {
        Map<String, String> env = minimal();
        env.put(Settings.VMS_PER_REPLICA, "600");
        assertEquals(600, Settings.from(env).vmsPerReplica());
        env.put(Settings.VMS_PER_REPLICA, "0");
        assertThrows(SettingsException.class, () -> Settings.from(env));
    }

    @Test
    void userAssignedIdentityClientIdIsKept() {
        Map<String, String> env = minimal();
        env.put(Settings.AZURE_CLIENT_ID, " 11111111-2222-3333-4444-555555555555 ");
        assertEquals(Optional.of("11111111-2222-3333-4444-555555555555"), Settings.from(env).azureClientId());
    }

    @Test
    void healthGateSettingsDefaultTo90PercentReady10PercentUnhealthyAndTenMinutesGrace() {
        Settings settings = Settings.from(minimal());
        assertEquals(90, settings.minReadyPercent());
        assertEquals(10, settings.maxUnhealthyPercent());
        assertEquals(java.time.Duration.ofMinutes(10), settings.verifyGrace());
    }

    @Test
    void healthGateSettingsAreReadWhenGiven() {
        Map<String, String> env = minimal();
        env.put(Settings.MIN_READY_PERCENT, "100");
        env.put(Settings.MAX_UNHEALTHY_PERCENT, "0");
        env.put(Settings.VERIFY_GRACE, "PT30M");
        Settings settings = Settings.from(env);
        assertEquals(100, settings.minReadyPercent());
        assertEquals(0, settings.maxUnhealthyPercent());
        assertEquals(java.time.Duration.ofMinutes(30), settings.verifyGrace());
    }

    @Test
    void healthGateSettingsOutOfRangeAreEachReportedWithTheirName() {
        Map<String, String> env = minimal();
        env.put(Settings.MIN_READY_PERCENT, "0");
        env.put(Settings.MAX_UNHEALTHY_PERCENT, "101");
        env.put(Settings.VERIFY_GRACE, "10 minutes");
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("MIN_READY_PERCENT '0'"));
        assertTrue(e.getMessage().contains("MAX_UNHEALTHY_PERCENT '101'"));
        assertTrue(e.getMessage().contains("VERIFY_GRACE '10 minutes'"));
        env.put(Settings.MIN_READY_PERCENT, "90");
        env.put(Settings.MAX_UNHEALTHY_PERCENT, "10");
        env.put(Settings.VERIFY_GRACE, "-PT1M");
        assertThrows(SettingsException.class, () -> Settings.from(env));
    }

    @Test
    void maxRolloutsPerImageDefaultsToOneCanaryAndIsReadWhenGiven() {
        assertEquals(1, Settings.from(minimal()).maxRolloutsPerImage());
        Map<String, String> env = minimal();
        env.put(Settings.MAX_ROLLOUTS_PER_IMAGE, " 100 ");
        assertEquals(100, Settings.from(env).maxRolloutsPerImage());
    }

    @Test
    void maxRolloutsPerImageOutsideOneToHundredIsReportedWithItsNameAndFix() {
        for (String bad : new String[] {"0", "101", "two"}) {
            Map<String, String> env = minimal();
            env.put(Settings.MAX_ROLLOUTS_PER_IMAGE, bad);
            SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.getMessage().contains("MAX_ROLLOUTS_PER_IMAGE '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("Remove it to use 1"), e.getMessage());
        }
    }

    @Test
    void passLimitsDefaultToEightParallelWritesAndAThreeMinuteDeadlineAndAreReadWhenGiven() {
        assertEquals(8, Settings.from(minimal()).maxParallelWrites());
        assertEquals(java.time.Duration.ofMinutes(3), Settings.from(minimal()).passDeadline());
        Map<String, String> env = minimal();
        env.put(Settings.MAX_PARALLEL_WRITES, "16");
        env.put(Settings.PASS_DEADLINE, "PT90S");
        assertEquals(16, Settings.from(env).maxParallelWrites());
        assertEquals(java.time.Duration.ofSeconds(90), Settings.from(env).passDeadline());
    }

    @Test
    void passLimitsOutOfRangeAreEachReportedWithTheirNameAndFix() {
        Map<String, String> env = minimal();
        env.put(Settings.MAX_PARALLEL_WRITES, "0");
        env.put(Settings.PASS_DEADLINE, "PT1H");
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("MAX_PARALLEL_WRITES '0'"), e.getMessage());
        assertTrue(e.getMessage().contains("PASS_DEADLINE 'PT1H'"), e.getMessage());
    }

    @Test
    void notificationsAreOffUnlessAnHttpsTopicEndpointIsGiven() {
        assertTrue(Settings.from(minimal()).notificationTopicEndpoint().isEmpty());
        Map<String, String> env = minimal();
        env.put(Settings.NOTIFICATION_TOPIC_ENDPOINT, "  ");
        assertTrue(Settings.from(env).notificationTopicEndpoint().isEmpty(), "blank is off");
        env.put(Settings.NOTIFICATION_TOPIC_ENDPOINT, " https://rollouts.westeurope-1.eventgrid.azure.net/api/events ");
        assertEquals("https://rollouts.westeurope-1.eventgrid.azure.net/api/events",
                Settings.from(env).notificationTopicEndpoint().orElseThrow().toString());
    }

    @Test
    void aTopicEndpointThatIsNotAnHttpsUrlIsRefusedWithItsFix() {
        for (String bad : new String[] {"http://rollouts.westeurope-1.eventgrid.azure.net/api/events", "rollouts",
                "https:///api/events", "https://user@topic.eventgrid.azure.net/api/events",
                "https://topic.eventgrid.azure.net/api/events?aeg-sas-key=x", "https://topic .net/"}) {
            Map<String, String> env = minimal();
            env.put(Settings.NOTIFICATION_TOPIC_ENDPOINT, bad);
            SettingsException e = assertThrows(SettingsException.class, () -> Settings.from(env), bad);
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.getMessage().contains("NOTIFICATION_TOPIC_ENDPOINT '" + bad + "' is not an https URL"), e.getMessage());
        }
    }
}
