package io.batchrollout.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Microsoft's published examples, kept verbatim under src/test/resources/contract (see SOURCES.md), and the few
 * substitutions a test makes before serving one: the examples' placeholder subscriptions become the suite's GUID (the
 * app parses ARM ids strictly), and next links are dropped (they point at hosts such as svchost:99 or hold "aaaa").
 */
final class Examples {
    static final String SUBSCRIPTION = "c0a7ac70-5e1e-4c0d-9a11-00000000c0de";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

    static {
        PLACEHOLDERS.put("/subscriptions/subid/", "/subscriptions/" + SUBSCRIPTION + "/");
        PLACEHOLDERS.put("12345678-1234-1234-1234-123456789012", SUBSCRIPTION);
        PLACEHOLDERS.put("00000000-0000-0000-0000-000000000000", SUBSCRIPTION);
        PLACEHOLDERS.put("{subscription-id}", SUBSCRIPTION);
        PLACEHOLDERS.put("{subscriptionId}", SUBSCRIPTION);
    }

    private Examples() {
    }

    /** The stored file as Microsoft published it. */
    static JsonNode file(String resource) {
        try (InputStream in = Examples.class.getResourceAsStream("/contract/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /contract/" + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of the example's response with this status, as published. */
    static JsonNode response(String resource, int status) {
        JsonNode body = file(resource).path("responses").path(String.valueOf(status)).path("body");
        if (body.isMissingNode()) {
            throw new IllegalStateException(resource + " has no " + status + " response body");
        }
        return body.deepCopy();
    }

    /** A request parameter of the example ("parameters" for ARM bodies), as published. */
    static JsonNode parameter(String resource, String name) {
        return file(resource).path("parameters").path(name).deepCopy();
    }

    /** The response body ready to serve: placeholder subscriptions replaced, next links dropped, {@code more} applied. */
    static JsonNode served(String resource, int status, Map<String, String> more) {
        return substituted(response(resource, status), more);
    }

    static JsonNode substituted(JsonNode node, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(PLACEHOLDERS);
        all.putAll(more);
        return walk(node.deepCopy(), all);
    }

    private static JsonNode walk(JsonNode node, Map<String, String> replacements) {
        if (node instanceof ObjectNode object) {
            object.remove("nextLink");
            object.remove("odata.nextLink");
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(walk(field.getValue(), replacements));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(array.get(i), replacements));
            }
        } else if (node.isTextual()) {
            String text = node.asText();
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            return TextNode.valueOf(text);
        }
        return node;
    }
}
