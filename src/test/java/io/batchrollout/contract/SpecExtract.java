package io.batchrollout.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An extract of an Azure REST spec (src/test/resources/contract/spec) and a small validator for the subset of JSON
 * schema Azure's specs use for bodies: type, required, enum, properties, items, additionalProperties, allOf, $ref within
 * the extract, and readOnly (a request must not carry a read-only field). A $ref to a definition the extract left out
 * is remembered in {@link #outsideExtract()} and not validated, so the extract's gaps are visible rather than hidden.
 * Stricter than JSON schema where Azure is: a field the definition does not declare is a violation.
 */
final class SpecExtract {
    private static final String REF_PREFIX = "#/definitions/";

    private final String resource;
    private final JsonNode root;
    private final Set<String> outside = new LinkedHashSet<>();

    private SpecExtract(String resource, JsonNode root) {
        this.resource = resource;
        this.root = root;
    }

    static SpecExtract load(String resource) {
        return new SpecExtract(resource, Examples.file("spec/" + resource));
    }

    String apiVersion() {
        return root.path("info").path("version").asText();
    }

    JsonNode operation(String operationId) {
        JsonNode operation = root.path("operations").path(operationId);
        if (operation.isMissingNode()) {
            throw new IllegalArgumentException(resource + " has no operation " + operationId);
        }
        return operation;
    }

    /** Header parameters the operation declares, by lower-case name. */
    Set<String> headerParameters(String operationId) {
        Set<String> headers = new LinkedHashSet<>();
        for (JsonNode parameter : operation(operationId).path("parameters")) {
            if ("header".equals(parameter.path("in").asText())) {
                headers.add(parameter.path("name").asText().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return headers;
    }

    /** The schema of the operation's body ("parameters" in:body, or "body"), if it takes one. */
    Optional<JsonNode> bodySchema(String operationId) {
        JsonNode operation = operation(operationId);
        if (operation.has("body")) {
            return Optional.of(operation.get("body"));
        }
        for (JsonNode parameter : operation.path("parameters")) {
            if ("body".equals(parameter.path("in").asText())) {
                return Optional.of(parameter.path("schema"));
            }
        }
        return Optional.empty();
    }

    Set<String> outsideExtract() {
        return Set.copyOf(outside);
    }

    static JsonNode ref(String definition) {
        return Examples.JSON.createObjectNode().put("$ref", REF_PREFIX + definition);
    }

    /** Why {@code value} is not a valid request body for {@code schema}; empty when it is. */
    List<String> validateRequest(JsonNode value, JsonNode schema) {
        List<String> violations = new ArrayList<>();
        validate(value, schema, "$", violations);
        return violations;
    }

    private void validate(JsonNode value, JsonNode schema, String path, List<String> violations) {
        Optional<JsonNode> resolved = resolve(schema);
        if (resolved.isEmpty()) {
            return;
        }
        JsonNode s = resolved.get();
        String type = type(s);
        if (type != null && !hasType(value, type)) {
            violations.add(path + ": expected " + type + ", got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (s.has("enum") && value.isTextual() && !contains(s.get("enum"), value.asText())) {
            violations.add(path + ": '" + value.asText() + "' is not one of " + s.get("enum"));
        }
        if (value.isArray() && s.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), s.get("items"), path + "[" + i + "]", violations);
            }
        }
        if (value.isObject()) {
            Map<String, JsonNode> properties = properties(s);
            for (String required : required(s)) {
                if (!value.has(required)) {
                    violations.add(path + ": required field '" + required + "' is missing");
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path + "." + field.getKey();
                JsonNode declared = properties.get(field.getKey());
                if (declared != null) {
                    if (declared.path("readOnly").asBoolean(false)) {
                        violations.add(at + ": read-only, must not be sent");
                    }
                    validate(field.getValue(), declared, at, violations);
                } else if (s.has("additionalProperties")) {
                    validate(field.getValue(), s.get("additionalProperties"), at, violations);
                } else if (!properties.isEmpty()) {
                    violations.add(at + ": not defined by the spec");
                }
            }
        }
    }

    /** The schema reached from {@code definition} along {@code path} (field names, "[]" for array items). */
    Optional<JsonNode> schemaAt(String definition, List<String> path) {
        Optional<JsonNode> current = resolve(ref(definition));
        for (String step : path) {
            if (current.isEmpty()) {
                return Optional.empty();
            }
            JsonNode s = current.get();
            JsonNode next = step.equals("[]") ? s.get("items") : properties(s).get(step);
            if (next == null && !step.equals("[]") && s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
                next = s.get("additionalProperties");
            }
            current = next == null ? Optional.empty() : resolve(next);
        }
        return current;
    }

    /** Declared fields of a schema, its allOf parents' included. */
    Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> all = new java.util.LinkedHashMap<>();
        for (JsonNode parent : schema.path("allOf")) {
            resolve(parent).ifPresent(p -> all.putAll(properties(p)));
        }
        schema.path("properties").fields().forEachRemaining(f -> all.put(f.getKey(), f.getValue()));
        return all;
    }

    private Set<String> required(JsonNode schema) {
        Set<String> all = new LinkedHashSet<>();
        for (JsonNode parent : schema.path("allOf")) {
            resolve(parent).ifPresent(p -> all.addAll(required(p)));
        }
        schema.path("required").forEach(r -> all.add(r.asText()));
        return all;
    }

    /** Follows $ref (keeping nothing of the referring node: readOnly is read where the field is declared). */
    Optional<JsonNode> resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int hops = 0; s.has("$ref") && hops < 20; hops++) {
            String name = s.get("$ref").asText().substring(REF_PREFIX.length());
            JsonNode target = root.path("definitions").path(name);
            if (target.isMissingNode()) {
                outside.add(name);
                return Optional.empty();
            }
            s = target;
        }
        return Optional.of(s);
    }

    private static String type(JsonNode schema) {
        if (schema.has("type")) {
            return schema.get("type").asText();
        }
        return schema.has("properties") || schema.has("allOf") ? "object" : null;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
