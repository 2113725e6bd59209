package io.batchrollout.infra;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * infra/main.json read as ARM reads it, strictly, and walked template by template: the subscription-scope template and
 * every nested deployment's inner-scope template, each resource with the deployment it is deployed by.
 */
final class InfraTemplate {
    static final Path MAIN = Path.of("infra", "main.json");
    static final Path EXAMPLE_PARAMETERS = Path.of("infra", "main.parameters.example.json");

    /** One template (the top or a nested deployment's), with the deployment resource that carries it (none at the top). */
    record Template(JsonNode json, Optional<JsonNode> deployment) {
        List<JsonNode> resources() {
            List<JsonNode> all = new ArrayList<>();
            json.path("resources").forEach(all::add);
            return all;
        }

        List<JsonNode> resources(String type) {
            return resources().stream().filter(r -> r.path("type").asText().equalsIgnoreCase(type)).toList();
        }
    }

    /** Comments, single quotes, trailing commas, duplicate keys and trailing text are all errors, as in ARM. */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static JsonNode readStrict(Path file) {
        try {
            return STRICT.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not strict JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode main() {
        return readStrict(MAIN);
    }

    /** The top template and every nested template, depth first. */
    static List<Template> templates() {
        List<Template> out = new ArrayList<>();
        collect(main(), Optional.empty(), out);
        return out;
    }

    private static void collect(JsonNode template, Optional<JsonNode> deployment, List<Template> out) {
        out.add(new Template(template, deployment));
        for (JsonNode resource : template.path("resources")) {
            if (resource.path("type").asText().equalsIgnoreCase("Microsoft.Resources/deployments")) {
                JsonNode inner = resource.path("properties").path("template");
                if (!inner.isObject()) {
                    throw new AssertionError("deployment " + resource.path("name") + " has no inline template");
                }
                if (!"inner".equals(resource.path("properties").path("expressionEvaluationOptions").path("scope").asText())) {
                    throw new AssertionError("deployment " + resource.path("name") + " must evaluate its template in inner scope");
                }
                collect(inner, Optional.of(resource), out);
            }
        }
    }

    /** Every resource of every template, nested deployments included. */
    static List<JsonNode> allResources() {
        return templates().stream().flatMap(t -> t.resources().stream()).toList();
    }

    /** Every string value in {@code node}, without descending into nested deployments' inner templates. */
    static List<String> ownStrings(JsonNode node) {
        List<String> out = new ArrayList<>();
        ownStrings(node, out, true);
        return out;
    }

    private static void ownStrings(JsonNode node, List<String> out, boolean top) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                // A nested deployment's template has its own parameters and variables.
                if (!(e.getKey().equals("template") && e.getValue().has("$schema") && !top)) {
                    out.add(e.getKey());
                    ownStrings(e.getValue(), out, false);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> ownStrings(n, out, false));
        }
    }

    private InfraTemplate() {
    }
}
