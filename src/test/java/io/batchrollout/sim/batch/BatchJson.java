package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Small JSON helpers shared by the Batch renderers. */
final class BatchJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private BatchJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void putTime(ObjectNode node, String field, Instant time) {
        if (time != null) {
            node.put(field, time.toString());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
