package io.batchrollout.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The checks every small JSON body goes through before its fields are read, in createPool's order: size
 * ({@link CreatePoolRequestParser#MAX_BODY_BYTES}), media type, strict JSON, an object; then the fields, each error
 * collected.
 */
final class JsonObjectBody {
    private JsonObjectBody() {
    }

    /**
     * @param what   what the body describes, for the "required" message ("an action")
     * @param fields reads the object's fields into a value, or records errors and answers empty
     */
    static <T> BodyParse<T> parse(Optional<String> contentType, String body, String what,
                                  BiFunction<ObjectNode, JsonFields, Optional<T>> fields) {
        if (body != null && (body.length() > CreatePoolRequestParser.MAX_BODY_BYTES
                || body.getBytes(StandardCharsets.UTF_8).length > CreatePoolRequestParser.MAX_BODY_BYTES)) {
            return new BodyParse.TooLarge<>("The body may be at most " + CreatePoolRequestParser.MAX_BODY_BYTES + " bytes (64 KiB).");
        }
        Optional<String> mediaProblem = JsonMediaType.problem(contentType);
        if (mediaProblem.isPresent()) {
            return new BodyParse.UnsupportedMediaType<>(mediaProblem.get());
        }
        if (body == null || body.isBlank()) {
            return new BodyParse.Invalid<>("A JSON object with " + what + " is required.", List.of());
        }
        StrictJson.Result read = StrictJson.read(body);
        if (read instanceof StrictJson.Result.Malformed malformed) {
            return new BodyParse.Invalid<>(malformed.detail(), malformed.errors());
        }
        JsonNode root = ((StrictJson.Result.Parsed) read).root();
        if (!root.isObject()) {
            return new BodyParse.Invalid<>("The body must be a JSON object, not " + JsonFields.kind(root) + ".", List.of());
        }
        JsonFields errors = new JsonFields();
        Optional<T> value = fields.apply((ObjectNode) root, errors);
        if (errors.hasErrors() || value.isEmpty()) {
            return new BodyParse.Invalid<>(errors.count() == 1 ? "1 field is invalid." : errors.count() + " fields are invalid.",
                    errors.errors());
        }
        return new BodyParse.Accepted<>(value.get());
    }
}
