package io.batchrollout.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;

/**
 * The few envelope fields the parser reads, from either schema. Each schema's required attributes are checked
 * (Event Grid: id, eventType, subject, eventTime, data; CloudEvents 1.0: specversion, id, source, type); a missing or
 * non-string one makes the event malformed.
 */
record EventEnvelope(String id, String type, Optional<String> subject, Optional<String> time, JsonNode data) {

    /** Either an envelope or the reason there is none. */
    record Read(EventEnvelope envelope, GalleryEvent.Malformed refusal) {
        GalleryEvent map(Function<EventEnvelope, GalleryEvent> interpret) {
            return envelope != null ? interpret.apply(envelope) : refusal;
        }
    }

    static Read eventGrid(JsonNode node) {
        for (String required : new String[] {"id", "eventType", "subject", "eventTime"}) {
            if (!nonBlankText(node, required)) {
                return refuse("an Event Grid event needs a non-empty string " + required);
            }
        }
        if (!node.has("data")) {
            return refuse("an Event Grid event needs data");
        }
        return new Read(new EventEnvelope(node.get("id").asText(), node.get("eventType").asText(),
                Optional.of(node.get("subject").asText()), Optional.of(node.get("eventTime").asText()), node.get("data")), null);
    }

    static Read cloudEvent(JsonNode node) {
        JsonNode version = node.get("specversion");
        if (version == null || !version.isTextual() || !version.asText().equals("1.0")) {
            return refuse("a CloudEvent of specversion " + (version == null ? "null" : EventText.clip(version.toString()))
                    + "; only 1.0 is read");
        }
        for (String required : new String[] {"id", "source", "type"}) {
            if (!nonBlankText(node, required)) {
                return refuse("a CloudEvent needs a non-empty string " + required);
            }
        }
        for (String optional : new String[] {"subject", "time"}) {
            if (node.has(optional) && !node.get(optional).isTextual() && !node.get(optional).isNull()) {
                return refuse("a CloudEvent's " + optional + " must be a string");
            }
        }
        JsonNode data = node.get("data");
        if (data != null && data.isTextual()) {
            // JSON data that a publisher serialised into a string: read it under the same limits, or treat it as absent.
            data = GalleryEventParser.readNested(data.asText()).orElse(null);
        }
        return new Read(new EventEnvelope(node.get("id").asText(), node.get("type").asText(), text(node, "subject"),
                text(node, "time"), data), null);
    }

    private static Read refuse(String reason) {
        return new Read(null, new GalleryEvent.Malformed(reason));
    }

    private static boolean nonBlankText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
