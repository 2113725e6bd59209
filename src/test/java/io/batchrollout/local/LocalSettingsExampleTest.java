package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed example is what someone copies to local.settings.json: it must name every setting and start as is. */
class LocalSettingsExampleTest {

    @Test
    void exampleNamesEverySettingAndPassesValidation() throws Exception {
        JsonNode example = new ObjectMapper().readTree(Files.readString(Path.of("local.settings.json.example")));
        assertFalse(example.path("IsEncrypted").asBoolean(true));
        Map<String, String> values = new LinkedHashMap<>();
        example.path("Values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));

        assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME"));
        assertEquals("UseDevelopmentStorage=true", values.get("AzureWebJobsStorage"));
        for (String name : Settings.NAMES) {
            assertTrue(values.containsKey(name), "the example lacks " + name);
        }
        Settings settings = Settings.from(values);
        assertEquals(Settings.DEFAULT_DRIFT_SCHEDULE, settings.driftSchedule());
        assertEquals(Settings.DEFAULT_VMS_PER_REPLICA, settings.vmsPerReplica());
        assertTrue(settings.azureClientId().isEmpty());
    }

    @Test
    void readmeAndInfraNameEverySetting() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String infra = Files.readString(Path.of("infra", "README.md"));
        JsonNode appSettings = appSettingsOf(new ObjectMapper().readTree(Files.readString(Path.of("infra", "main.json"))));
        for (String name : Settings.NAMES) {
            assertTrue(readme.contains("| `" + name + "` |"), "README's configuration table lacks " + name);
            assertTrue(infra.contains("`" + name + "`"), "infra/README.md lacks " + name);
            assertTrue(appSettings.path(name).isTextual(), "infra/main.json's app settings lack " + name);
        }
    }

    /** The properties of the template's one Microsoft.Web/sites/config resource, wherever it is nested. */
    private static JsonNode appSettingsOf(JsonNode node) {
        if (node.isObject() && "Microsoft.Web/sites/config".equals(node.path("type").asText())) {
            return node.path("properties");
        }
        for (JsonNode child : node) {
            JsonNode found = appSettingsOf(child);
            if (!found.isMissingNode()) {
                return found;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
