package io.batchrollout.core.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageVersionId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads the raw text the Event Grid trigger binds (one event: the host calls the function once per event of a
 * delivery) in the Event Grid schema or as a CloudEvent 1.0, and says what it means to this app. It reads only the
 * envelope's id, type and time, {@code data.operationName} and the resource id ({@code data.resourceUri}, else
 * {@code subject}); everything else in the event is untrusted and unread. Never throws: any input is an answer.
 *
 * <p>Jackson rather than the SDK's {@code EventGridEvent.fromString}/{@code CloudEvent.fromString}: those throw on
 * bad input with messages of their own, need the deprecated system-event classes for {@code data}, and read fields
 * this app never trusts; a tree read with hard limits (size, depth, duplicate keys) is smaller, total and strict.
 */
public final class GalleryEventParser {
    public static final String RESOURCE_WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    public static final String VERSION_WRITE = "Microsoft.Compute/galleries/images/versions/write";
    /** Event Grid refuses events over 1 MB; anything larger did not come from it. */
    public static final int MAX_EVENT_CHARS = 1_048_576;
    /** ARM events nest four levels (data.authorization.evidence); far deeper is junk, refused before it costs stack. */
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_EVENT_CHARS).maxNumberLength(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Predicate<GalleryId> allowedGallery;

    /** @param allowedGallery ALLOWED_GALLERY_IDS, comparing ids ignoring case (as {@link GalleryId} equality does) */
    public GalleryEventParser(Predicate<GalleryId> allowedGallery) {
        this.allowedGallery = Objects.requireNonNull(allowedGallery, "allowedGallery");
    }

    public GalleryEvent parse(String raw) {
        try {
            return read(raw);
        } catch (RuntimeException | StackOverflowError e) {
            // The checks below are meant to leave nothing to throw; this is the promise kept if one was missed.
            return new GalleryEvent.Malformed("unreadable event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private GalleryEvent read(String raw) {
        if (raw == null || raw.isBlank()) {
            return new GalleryEvent.Malformed("the event is empty");
        }
        if (raw.length() > MAX_EVENT_CHARS) {
            return new GalleryEvent.Malformed("the event has " + raw.length() + " characters; Event Grid sends at most "
                    + MAX_EVENT_CHARS);
        }
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (Exception e) {
            return new GalleryEvent.Malformed("the event is not one JSON value: " + EventText.clip(firstLine(e.getMessage())));
        }
        if (node != null && node.isArray()) {
            // The host splits a delivery into events; a one-element array is accepted in case a binding passes it whole.
            if (node.size() != 1) {
                return new GalleryEvent.Malformed("an array of " + node.size() + " events where one event was expected");
            }
            node = node.get(0);
        }
        if (node == null || !node.isObject()) {
            return new GalleryEvent.Malformed("the event is not a JSON object");
        }
        return node.has("specversion") ? EventEnvelope.cloudEvent(node).map(this::interpret)
                : node.has("eventType") ? EventEnvelope.eventGrid(node).map(this::interpret)
                : new GalleryEvent.Malformed("neither an Event Grid event (eventType) nor a CloudEvent (specversion)");
    }

    private GalleryEvent interpret(EventEnvelope event) {
        String id = EventText.clip(event.id());
        if (!event.type().equalsIgnoreCase(RESOURCE_WRITE_SUCCESS)) {
            return new GalleryEvent.Ignored("event " + id + " is " + EventText.clip(event.type()) + ", not " + RESOURCE_WRITE_SUCCESS);
        }
        JsonNode data = event.data();
        if (data == null || !data.isObject()) {
            return new GalleryEvent.Malformed("event " + id + " has no data object");
        }
        JsonNode operation = data.get("operationName");
        if (operation == null || !operation.isTextual()) {
            return new GalleryEvent.Malformed("event " + id + " has no data.operationName string");
        }
        if (!operation.asText().equalsIgnoreCase(VERSION_WRITE)) {
            return new GalleryEvent.Ignored("event " + id + " is about " + EventText.clip(operation.asText()) + ", not " + VERSION_WRITE);
        }
        Optional<String> resource = resourceId(data, event.subject());
        if (resource.isEmpty()) {
            return new GalleryEvent.Malformed("event " + id + " names no resource (data.resourceUri or subject)");
        }
        if (event.subject().isPresent() && data.get("resourceUri") != null
                && !event.subject().get().strip().equalsIgnoreCase(resource.get().strip())) {
            return new GalleryEvent.Malformed("event " + id + " names two resources: subject " + EventText.clip(event.subject().get())
                    + " and data.resourceUri " + EventText.clip(resource.get()));
        }
        ImageVersionId version;
        try {
            version = ImageVersionId.parse(resource.get());
        } catch (IllegalArgumentException e) {
            return new GalleryEvent.Malformed("event " + id + ": " + EventText.clip(resource.get())
                    + " is not a gallery image version id");
        }
        GalleryId gallery = version.definition().gallery();
        if (!allowedGallery.test(gallery)) {
            return new GalleryEvent.Ignored("event " + id + " is about gallery " + EventText.clip(gallery.toString())
                    + ", which is not in ALLOWED_GALLERY_IDS");
        }
        return new GalleryEvent.VersionWritten(version, event.id(), event.time().flatMap(GalleryEventParser::instant));
    }

    /** {@code data.resourceUri} when it is a non-blank string, else the subject. A resourceUri of another type is junk. */
    private static Optional<String> resourceId(JsonNode data, Optional<String> subject) {
        JsonNode uri = data.get("resourceUri");
        if (uri != null && !uri.isNull()) {
            return uri.isTextual() && !uri.asText().isBlank() ? Optional.of(uri.asText()) : Optional.empty();
        }
        return subject.filter(s -> !s.isBlank());
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Reads a nested JSON text (a CloudEvent whose data arrived as a string) under the same limits. */
    static Optional<JsonNode> readNested(String text) {
        if (text.length() > MAX_EVENT_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(text));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
