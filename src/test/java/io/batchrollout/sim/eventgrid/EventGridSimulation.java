package io.batchrollout.sim.eventgrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import io.batchrollout.sim.SimResponse;
import io.batchrollout.sim.SimState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Event Grid custom topics whose input schema is CloudEvents 1.0, as a publisher reaches them: POST
 * {@code {topic endpoint}?api-version=2018-01-01} (the spec's PublishCloudEventEvents) with a bearer token (checked
 * by the front door: 401 without), {@code application/cloudevents-batch+json} and a JSON array of events. A batch is
 * taken whole or not at all: each event needs {@code id}, {@code source}, {@code type} and {@code specversion} "1.0"
 * (400 otherwise), and a {@code time}, when given, must be RFC 3339 (stricter than documented: the CloudEvents spec's
 * rule); an event or the batch over 1 MB is 413, as Microsoft Learn documents. Accepted events are kept,
 * in order, for tests ({@link #events}) and for the {@code GET /_sim/topic-events} control. Where the documentation
 * says nothing (an empty batch, another content type), the stricter answer (400) is modelled.
 *
 * <p>In Azure a topic is its own host ({@code https://{topic}.{region}-1.eventgrid.azure.net/api/events}); here it is
 * {@code /eventgrid/{topic}/api/events} on the simulator's one host.
 */
public final class EventGridSimulation {
    public static final String PUBLISH = "/eventgrid/{topicName}/api/events";
    public static final String API_VERSION = "2018-01-01";
    static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** CloudEvents' {@code time}: RFC 3339, seconds included. */
    private static final Pattern RFC3339 = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$");

    /** One accepted event and when the topic took it. */
    public record Received(String topic, Instant at, JsonNode event) {
        public String type() {
            return event.path("type").asText();
        }

        public String subject() {
            return event.path("subject").asText(null);
        }

        public String id() {
            return event.path("id").asText();
        }

        public JsonNode data() {
            return event.path("data");
        }
    }

    private final SimState state;
    private final Map<String, List<Received>> topics = new LinkedHashMap<>();
    private volatile Consumer<Received> listener = received -> { };

    public EventGridSimulation(SimState state, Router router, Router controls) {
        this.state = state;
        router.add("POST", PUBLISH, "PublishCloudEventEvents", this::publish);
        controls.add("GET", "/_sim/topic-events", "Sim_TopicEvents", this::listControl);
    }

    /** Creates a topic; its endpoint path (to append to the simulator's base URL). */
    public String addTopic(String name) {
        state.write(() -> topics.putIfAbsent(key(name), new ArrayList<>()));
        return PUBLISH.replace("{topicName}", name);
    }

    /** Hears each accepted event, after it is kept (the local runner prints it). */
    public void onReceived(Consumer<Received> heard) {
        this.listener = heard;
    }

    /** The events a topic accepted, oldest first. */
    public List<Received> events(String topic) {
        return state.read(() -> List.copyOf(topics.getOrDefault(key(topic), List.of())));
    }

    private SimResponse publish(SimRequest request) {
        if (!request.apiVersion().equals(API_VERSION)) {
            throw SimException.badRequest("InvalidApiVersion", "The api-version '" + request.apiVersion()
                    + "' is not supported for publishing events; use " + API_VERSION + ".");
        }
        String topic = request.param("topicName");
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/cloudevents-batch+json")) {
            throw SimException.badRequest("BadRequest", "This topic takes CloudEvents 1.0 batches: Content-Type must be "
                    + "application/cloudevents-batch+json, not '" + contentType + "'.");
        }
        JsonNode body = request.requireBody();
        if (!body.isArray() || body.isEmpty()) {
            throw SimException.badRequest("BadRequest", "The request body must be a non-empty JSON array of CloudEvents.");
        }
        if (bytes(body) > MAX_BYTES) {
            throw new SimException(413, "RequestEntityTooLarge", "The batch is larger than 1 MB.");
        }
        for (int i = 0; i < body.size(); i++) {
            check(body.get(i), i);
        }
        Instant now = state.clock().now();
        List<Received> accepted = new ArrayList<>();
        body.forEach(event -> accepted.add(new Received(topic, now, event.deepCopy())));
        state.write(() -> {
            List<Received> kept = topics.get(key(topic));
            if (kept == null) {
                throw new SimException(404, "NotFound", "No topic '" + topic + "' exists.");
            }
            return kept.addAll(accepted);
        });
        accepted.forEach(listener);
        return SimResponse.empty(200);
    }

    private static void check(JsonNode event, int index) {
        if (!event.isObject()) {
            throw SimException.badRequest("BadRequest", "Event " + index + " is not a JSON object.");
        }
        if (bytes(event) > MAX_BYTES) {
            throw new SimException(413, "RequestEntityTooLarge", "Event " + index + " is larger than 1 MB.");
        }
        for (String required : List.of("id", "source", "type", "specversion")) {
            JsonNode value = event.get(required);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw SimException.badRequest("BadRequest", "Event " + index + " lacks the required attribute '"
                        + required + "' (a non-empty string).");
            }
        }
        JsonNode time = event.get("time");
        if (time != null && !time.isNull() && !(time.isTextual() && RFC3339.matcher(time.asText()).matches())) {
            throw SimException.badRequest("BadRequest", "Event " + index + " has time '" + time.asText()
                    + "', which is not an RFC 3339 timestamp (e.g. 2026-01-05T09:06:00Z).");
        }
        if (!event.get("specversion").asText().equals("1.0")) {
            throw SimException.badRequest("BadRequest", "Event " + index + " has specversion '"
                    + event.get("specversion").asText() + "'; this topic takes CloudEvents 1.0.");
        }
    }

    /** GET /_sim/topic-events[?topic=name]: every accepted event, oldest first. */
    private SimResponse listControl(SimRequest request) {
        String only = request.queryParam("topic").map(EventGridSimulation::key).orElse(null);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("events");
        state.read(() -> {
            topics.forEach((topic, events) -> {
                if (only == null || only.equals(topic)) {
                    events.forEach(e -> list.addObject().put("topic", e.topic()).put("receivedAt", e.at().toString())
                            .set("event", e.event()));
                }
            });
            return null;
        });
        return SimResponse.ok(out);
    }

    private static int bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String topic) {
        return topic.toLowerCase(Locale.ROOT);
    }
}
