package io.batchrollout.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/main.json is plain ARM JSON that a reviewer can trust: known resource types at known API versions, no loose ends, no secrets. */
class TemplateHygieneTest {

    /**
     * Resource type to the API version this project deploys it at: the "proven" versions of INFRA-FACTS.md §2 (used by
     * Microsoft's Flex Consumption quickstart and samples), Event Grid's newest stable spec, Resources 2022-09-01.
     */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("Microsoft.Resources/resourceGroups", "2022-09-01"),
            Map.entry("Microsoft.Resources/deployments", "2022-09-01"),
            Map.entry("Microsoft.ManagedIdentity/userAssignedIdentities", "2023-01-31"),
            Map.entry("Microsoft.Storage/storageAccounts", "2023-05-01"),
            Map.entry("Microsoft.Storage/storageAccounts/blobServices", "2023-05-01"),
            Map.entry("Microsoft.Storage/storageAccounts/blobServices/containers", "2023-05-01"),
            Map.entry("Microsoft.OperationalInsights/workspaces", "2023-09-01"),
            Map.entry("Microsoft.Insights/components", "2020-02-02"),
            Map.entry("Microsoft.Web/serverfarms", "2024-04-01"),
            Map.entry("Microsoft.Web/sites", "2024-04-01"),
            Map.entry("Microsoft.Web/sites/config", "2024-04-01"),
            Map.entry("Microsoft.Authorization/roleDefinitions", "2022-04-01"),
            Map.entry("Microsoft.Authorization/roleAssignments", "2022-04-01"),
            Map.entry("Microsoft.EventGrid/systemTopics", "2025-02-15"),
            Map.entry("Microsoft.EventGrid/topics", "2025-02-15"),
            Map.entry("Microsoft.EventGrid/systemTopics/eventSubscriptions", "2025-02-15"));

    private static final Pattern PARAMETER = Pattern.compile("parameters\\('([^']+)'\\)");
    private static final Pattern VARIABLE = Pattern.compile("variables\\('([^']+)'\\)");
    private static final List<String> FORBIDDEN_TEXT = List.of("listKeys", "AccountKey", "SharedAccessSignature",
            "listConnectionStrings", "listSecrets", "secureString", "secureObject");

    @Test
    void templateAndExampleParametersAreStrictJson() {
        JsonNode main = InfraTemplate.main();
        assertTrue(main.path("$schema").asText().contains("subscriptionDeploymentTemplate.json"), "a subscription-scope template");
        JsonNode example = InfraTemplate.readStrict(InfraTemplate.EXAMPLE_PARAMETERS);
        assertTrue(example.path("parameters").isObject());
    }

    @Test
    void theStrictReaderRefusesWhatArmRefuses(@TempDir Path dir) throws Exception {
        for (String bad : List.of("{\"a\":1,}", "{\"a\":1,\"a\":2}", "{/* c */\"a\":1}", "{'a':1}", "{\"a\":1} x")) {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, bad);
            assertThrows(UncheckedIOException.class, () -> InfraTemplate.readStrict(file), bad);
        }
    }

    @Test
    void everyResourceIsAnAllowedTypeAtItsAllowedApiVersion() {
        List<JsonNode> resources = InfraTemplate.allResources();
        assertTrue(resources.size() >= 20, "the nested templates were walked: " + resources.size());
        for (JsonNode r : resources) {
            String type = r.path("type").asText();
            assertTrue(ALLOWED.containsKey(type), "resource type not allowed: " + type);
            assertEquals(ALLOWED.get(type), r.path("apiVersion").asText(), "apiVersion of " + type);
        }
    }

    @Test
    void everyParameterAndVariableIsDeclaredAndUsedInItsOwnTemplate() {
        List<InfraTemplate.Template> templates = InfraTemplate.templates();
        assertTrue(templates.size() >= 9, "top template plus nested ones: " + templates.size());
        for (InfraTemplate.Template t : templates) {
            String where = t.deployment().map(d -> "template of deployment " + d.path("name").asText()).orElse("top template");
            Set<String> declaredParameters = names(t.json().path("parameters"));
            Set<String> declaredVariables = names(t.json().path("variables"));
            List<String> text = new ArrayList<>();
            for (String part : List.of("variables", "resources", "outputs")) {
                text.addAll(InfraTemplate.ownStrings(t.json().path(part)));
            }
            Set<String> usedParameters = matches(PARAMETER, text);
            Set<String> usedVariables = matches(VARIABLE, text);
            assertEquals(declaredParameters, usedParameters, "parameters declared vs used in the " + where);
            assertEquals(declaredVariables, usedVariables, "variables declared vs used in the " + where);
            // A nested deployment passes exactly the parameters its template declares.
            t.deployment().ifPresent(d -> assertEquals(declaredParameters, names(d.path("properties").path("parameters")),
                    "parameters passed to " + where));
        }
    }

    /**
     * ARM evaluates a string only when it is wrapped in brackets: {@code "subscriptionResourceId(...)"} without them is
     * sent as it is and Azure refuses it as a role definition id.
     */
    @Test
    void everyRoleAssignmentNamesItsRoleWithAnExpression() {
        int assignments = 0;
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            for (JsonNode a : t.resources("Microsoft.Authorization/roleAssignments")) {
                String role = a.path("properties").path("roleDefinitionId").asText();
                assertTrue(role.startsWith("[") && role.endsWith("]"), "roleDefinitionId is a literal, not an expression: " + role);
                assignments++;
            }
        }
        assertTrue(assignments >= 4, "the template's role assignments were found: " + assignments);
    }

    @Test
    void outputsHoldNoSecret() {
        for (InfraTemplate.Template t : InfraTemplate.templates()) {
            t.json().path("outputs").fields().forEachRemaining(e -> {
                String text = (e.getKey() + " " + e.getValue()).toLowerCase(Locale.ROOT);
                for (String secret : List.of("key", "secret", "password", "connectionstring", "token", "sas")) {
                    assertFalse(text.contains(secret), "output " + e.getKey() + " looks like a secret (" + secret + ")");
                }
                assertEquals("string", e.getValue().path("type").asText(), "output " + e.getKey());
            });
        }
    }

    @Test
    void noKeyListingOrSharedKeyTextAnywhereInInfra() throws Exception {
        for (Path file : List.of(InfraTemplate.MAIN, InfraTemplate.EXAMPLE_PARAMETERS, Path.of("infra", "deploy.sh"))) {
            String text = Files.readString(file);
            for (String forbidden : FORBIDDEN_TEXT) {
                assertFalse(text.toLowerCase(Locale.ROOT).contains(forbidden.toLowerCase(Locale.ROOT)), file + " contains " + forbidden);
            }
        }
    }

    @Test
    void exampleParametersNameOnlyDeclaredParametersAndEveryRequiredOne() {
        JsonNode declared = InfraTemplate.main().path("parameters");
        Set<String> given = names(InfraTemplate.readStrict(InfraTemplate.EXAMPLE_PARAMETERS).path("parameters"));
        assertTrue(names(declared).containsAll(given), "example names undeclared parameters: " + given);
        declared.fields().forEachRemaining(e -> {
            if (!e.getValue().has("defaultValue")) {
                assertTrue(given.contains(e.getKey()), "example lacks required parameter " + e.getKey());
            }
        });
    }

    static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> matches(Pattern pattern, List<String> text) {
        Set<String> out = new TreeSet<>();
        for (String s : text) {
            Matcher m = pattern.matcher(s);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
