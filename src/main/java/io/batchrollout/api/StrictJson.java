package io.batchrollout.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * Reads a request body as RFC 8259 JSON and nothing more lenient: no comments, single quotes, NaN or leading zeros
 * (Jackson's defaults), no duplicate member names, nothing after the value, at most {@link #MAX_DEPTH} levels of
 * nesting and {@link #MAX_NUMBER_LENGTH} digits in a number, so junk is refused before any of it is looked at.
 */
final class StrictJson {
    /** The body's own schema is three levels deep; anything much deeper is junk. */
    static final int MAX_DEPTH = 8;
    static final int MAX_NUMBER_LENGTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    sealed interface Result {
        record Parsed(JsonNode root) implements Result {
        }

        /** {@code errors} names the member when the fault is one (a repeated name), else is empty. */
        record Malformed(String detail, List<FieldError> errors) implements Result {
        }
    }

    static Result read(String body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                return new Result.Malformed("The body holds no JSON value.", List.of());
            }
            return new Result.Parsed(root);
        } catch (StreamConstraintsException e) {
            return new Result.Malformed("The body is refused: " + Texts.clip(e.getOriginalMessage())
                    + " (at most " + MAX_DEPTH + " levels of nesting and " + MAX_NUMBER_LENGTH + " characters per number).",
                    List.of());
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (message.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
                String pointer = "#" + parser.getParsingContext().pathAsPointer().toString();
                return new Result.Malformed("The body repeats a member name.", List.of(new FieldError(pointer,
                        "appears more than once; each member may be given once")));
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return new Result.Malformed("The body is not valid JSON" + where + ": " + Texts.clip(message), List.of());
        }
    }
}
