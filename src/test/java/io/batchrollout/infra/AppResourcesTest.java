package io.batchrollout.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.config.Settings;
import io.batchrollout.core.events.GalleryEventParser;
import io.batchrollout.functions.GalleryImageVersionEventFunction;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Function App the template deploys reads exactly the settings the code reads, and Event Grid calls what the code parses. */
class AppResourcesTest {

    /** What the Functions host needs besides the app's own settings: storage and Application Insights, through the identity. */
    static final Set<String> HOST_SETTINGS = Set.of("AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential",
            "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
    /** Set by the runtime on Flex Consumption (functionAppConfig), or key-based: never in this app's settings. */
    static final List<String> NOT_ON_FLEX = List.of("FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION",
            "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "AzureWebJobsStorage",
            "APPINSIGHTS_INSTRUMENTATIONKEY");

    private static JsonNode single(String type) {
        List<JsonNode> found = InfraTemplate.allResources().stream().filter(r -> r.path("type").asText().equals(type)).toList();
        assertEquals(1, found.size(), "resources of type " + type);
        return found.get(0);
    }

    private static JsonNode appSettings() {
        JsonNode config = single("Microsoft.Web/sites/config");
        assertTrue(config.path("name").asText().contains("/appsettings"), "the config resource is the app settings");
        return config.path("properties");
    }

    @Test
    void appSettingsAreTheSettingsTheCodeReadsPlusTheHostsIdentityBasedOnes() {
        Set<String> expected = new LinkedHashSet<>(Settings.NAMES);
        expected.addAll(HOST_SETTINGS);
        assertEquals(new java.util.TreeSet<>(expected), TemplateHygieneTest.names(appSettings()));
    }

    @Test
    void noKeySettingNoFlexDeprecatedSettingAndDriftScheduleAlwaysSet() {
        JsonNode settings = appSettings();
        for (String forbidden : Settings.FORBIDDEN_KEY_SETTINGS) {
            assertFalse(settings.has(forbidden), forbidden);
        }
        for (String deprecated : NOT_ON_FLEX) {
            assertFalse(settings.has(deprecated), deprecated);
        }
        // The timer binding reads %DRIFT_SCHEDULE%: the host fails the function if it is missing, whatever Settings defaults to.
        assertEquals("[parameters('driftSchedule')]", settings.path(Settings.DRIFT_SCHEDULE).asText());
        assertEquals("managedidentity", settings.path("AzureWebJobsStorage__credential").asText());
        String clientId = settings.path("AzureWebJobsStorage__clientId").asText();
        assertTrue(clientId.contains("userAssignedIdentities") || clientId.contains("identityId"), clientId);
        assertEquals(clientId, settings.path(Settings.AZURE_CLIENT_ID).asText(), "the app signs in as the host's identity");
        assertTrue(settings.path("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").asText().contains("Authorization=AAD"));
    }

    @Test
    void optionalSettingsDefaultToWhatSettingsDefaultsTo() {
        JsonNode p = InfraTemplate.main().path("parameters");
        // Map.of holds at most 10 pairs: the settings beyond them here.
        Map<String, String> defaults = Map.of("promotionBake", Settings.DEFAULT_PROMOTION_BAKE.toString(),
                "galleryRemediation", Settings.DEFAULT_GALLERY_REMEDIATION.wire());
        Map<String, String> more = Map.of(
                "driftSchedule", Settings.DEFAULT_DRIFT_SCHEDULE,
                "vmsPerReplica", String.valueOf(Settings.DEFAULT_VMS_PER_REPLICA),
                "minReadyPercent", String.valueOf(Settings.DEFAULT_MIN_READY_PERCENT),
                "maxUnhealthyPercent", String.valueOf(Settings.DEFAULT_MAX_UNHEALTHY_PERCENT),
                "verifyGrace", Settings.DEFAULT_VERIFY_GRACE.toString(),
                "maxRolloutsPerImage", String.valueOf(Settings.DEFAULT_MAX_ROLLOUTS_PER_IMAGE),
                "maxParallelWrites", String.valueOf(Settings.DEFAULT_MAX_PARALLEL_WRITES),
                "passDeadline", Settings.DEFAULT_PASS_DEADLINE.toString(),
                "notificationTopicEndpoint", "",
                "createNotificationTopic", "false");
        more.forEach((name, value) -> assertEquals(value, p.path(name).path("defaultValue").asText(), name));
        defaults.forEach((name, value) -> assertEquals(value, p.path(name).path("defaultValue").asText(), name));
    }

    @Test
    void storageTakesNoSharedKeyAndApplicationInsightsNoLocalAuth() {
        JsonNode storage = single("Microsoft.Storage/storageAccounts").path("properties");
        assertTrue(storage.path("allowSharedKeyAccess").isBoolean());
        assertFalse(storage.path("allowSharedKeyAccess").asBoolean(true));
        assertFalse(storage.path("allowBlobPublicAccess").asBoolean(true));
        JsonNode insights = single("Microsoft.Insights/components").path("properties");
        assertTrue(insights.path("DisableLocalAuth").isBoolean());
        assertTrue(insights.path("DisableLocalAuth").asBoolean(false));
    }

    @Test
    void theFunctionAppIsFlexJava17WithTheUserAssignedIdentityAlone() {
        assertEquals("FlexConsumption", single("Microsoft.Web/serverfarms").path("sku").path("tier").asText());
        JsonNode site = single("Microsoft.Web/sites");
        assertEquals("UserAssigned", site.path("identity").path("type").asText());
        JsonNode config = site.path("properties").path("functionAppConfig");
        assertEquals("java", config.path("runtime").path("name").asText());
        assertEquals("17", config.path("runtime").path("version").asText());
        assertEquals("UserAssignedIdentity", config.path("deployment").path("storage").path("authentication").path("type").asText());
        assertEquals("[parameters('instanceMemoryMB')]", config.path("scaleAndConcurrency").path("instanceMemoryMB").asText());
        assertEquals("[parameters('maximumInstanceCount')]", config.path("scaleAndConcurrency").path("maximumInstanceCount").asText());
        assertTrue(site.path("properties").path("httpsOnly").asBoolean(false));
    }

    @Test
    void theEventSubscriptionDeliversWhatTheParserAcceptsToTheFunctionThatParsesIt() {
        JsonNode subscription = single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        assertEquals("[parameters('deployEventSubscription')]", subscription.path("condition").asText());
        JsonNode filter = subscription.path("properties").path("filter");
        assertEquals(List.of(GalleryEventParser.RESOURCE_WRITE_SUCCESS), texts(filter.path("includedEventTypes")));
        assertEquals(1, filter.path("advancedFilters").size());
        JsonNode advanced = filter.path("advancedFilters").get(0);
        assertEquals("data.operationName", advanced.path("key").asText());
        assertEquals("StringIn", advanced.path("operatorType").asText());
        assertEquals(List.of(GalleryEventParser.VERSION_WRITE), texts(advanced.path("values")));
        assertFalse(filter.path("isSubjectCaseSensitive").asBoolean(true), "ARM events vary the casing of resourceGroups");
        assertTrue(filter.path("subjectBeginsWith").asText().contains("/images/"));

        JsonNode destination = subscription.path("properties").path("destination");
        assertEquals("AzureFunction", destination.path("endpointType").asText());
        assertEquals("[format('{0}/functions/{1}', parameters('functionAppId'), '"
                + GalleryImageVersionEventFunction.GALLERY_IMAGE_VERSION_EVENT + "')]",
                destination.path("properties").path("resourceId").asText());
        JsonNode deadLetter = subscription.path("properties").path("deadLetterWithResourceIdentity");
        assertEquals("UserAssigned", deadLetter.path("identity").path("type").asText());
        assertEquals("StorageBlob", deadLetter.path("deadLetterDestination").path("endpointType").asText());
        assertEquals(30, subscription.path("properties").path("retryPolicy").path("maxDeliveryAttempts").asInt());
    }

    @Test
    void theSystemTopicWatchesTheGalleryResourceGroupFromGlobal() {
        JsonNode topic = single("Microsoft.EventGrid/systemTopics");
        assertEquals("global", topic.path("location").asText());
        assertEquals("Microsoft.Resources.ResourceGroups", topic.path("properties").path("topicType").asText());
        assertEquals("[resourceGroup().id]", topic.path("properties").path("source").asText());
        assertEquals("[parameters('createTopic')]", topic.path("condition").asText(), "an existing topic is reused, not created");
    }

    @Test
    void theNotificationTopicIsOptionalTakesCloudEventsWithEntraOnlyAndFeedsTheSetting() {
        JsonNode topic = single("Microsoft.EventGrid/topics");
        assertEquals("[parameters('createNotificationTopic')]", topic.path("condition").asText());
        assertEquals("CloudEventSchemaV1_0", topic.path("properties").path("inputSchema").asText());
        assertTrue(topic.path("properties").path("disableLocalAuth").asBoolean(false), "no access keys: the identity only");
        JsonNode sender = InfraTemplate.allResources().stream()
                .filter(r -> r.path("properties").path("roleDefinitionId").asText().contains("eventGridDataSender"))
                .findFirst().orElseThrow();
        assertEquals("[parameters('createNotificationTopic')]", sender.path("condition").asText());
        assertEquals("[format('Microsoft.EventGrid/topics/{0}', variables('notificationTopicName'))]", sender.path("scope").asText(),
                "EventGrid Data Sender on that topic only");
        String endpoint = appSettings().path(Settings.NOTIFICATION_TOPIC_ENDPOINT).asText();
        assertTrue(endpoint.startsWith("[if(parameters('createNotificationTopic'), reference(variables('notificationTopicId')")
                && endpoint.endsWith("parameters('notificationTopicEndpoint'))]"), endpoint);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
