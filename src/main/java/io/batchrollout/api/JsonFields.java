package io.batchrollout.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of JSON members that collect one error per bad field instead of stopping at the first. A member that
 * is absent reads as empty (an error when required); {@code null} is never accepted: leave the member out instead.
 */
final class JsonFields {
    /** Beyond this many, further errors are counted, not listed: a hostile body must not make a huge answer. */
    static final int MAX_LISTED_ERRORS = 50;

    private final List<FieldError> errors = new ArrayList<>();
    private int unlisted;

    void error(String pointer, String detail) {
        if (errors.size() < MAX_LISTED_ERRORS) {
            errors.add(new FieldError(pointer, detail));
        } else {
            unlisted++;
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<FieldError> errors() {
        List<FieldError> all = new ArrayList<>(errors);
        if (unlisted > 0) {
            all.add(new FieldError("#", unlisted + " more invalid fields are not listed"));
        }
        return all;
    }

    int count() {
        return errors.size() + unlisted;
    }

    /** One error per member the schema does not know. */
    void rejectUnknown(ObjectNode object, String pointer, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                error(FieldError.child(pointer, Texts.clip(name)), "is not a known field; allowed here: " + String.join(", ", known));
            }
        }
    }

    Optional<String> string(ObjectNode object, String pointer, String name, boolean required) {
        return present(object, pointer, name, required).flatMap(node -> {
            if (!node.isTextual()) {
                error(FieldError.child(pointer, name), "must be a string, not " + kind(node));
                return Optional.empty();
            }
            return Optional.of(node.textValue());
        });
    }

    /** A whole number written without fraction or exponent, within {@code min..max}. */
    Optional<Integer> integer(ObjectNode object, String pointer, String name, boolean required, int min, int max) {
        return present(object, pointer, name, required).flatMap(node -> {
            String at = FieldError.child(pointer, name);
            if (!node.isNumber()) {
                error(at, "must be a whole number from " + min + " to " + max + ", not " + kind(node));
                return Optional.empty();
            }
            if (!node.isIntegralNumber()) {
                error(at, "must be a whole number (no fraction or exponent) from " + min + " to " + max);
                return Optional.empty();
            }
            if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                error(at, "must be from " + min + " to " + max);
                return Optional.empty();
            }
            return Optional.of(node.intValue());
        });
    }

    Optional<Boolean> bool(ObjectNode object, String pointer, String name) {
        return present(object, pointer, name, false).flatMap(node -> {
            if (!node.isBoolean()) {
                error(FieldError.child(pointer, name), "must be true or false, not " + kind(node));
                return Optional.empty();
            }
            return Optional.of(node.booleanValue());
        });
    }

    Optional<ObjectNode> object(ObjectNode object, String pointer, String name) {
        return present(object, pointer, name, false).flatMap(node -> {
            if (!node.isObject()) {
                error(FieldError.child(pointer, name), "must be an object, not " + kind(node));
                return Optional.empty();
            }
            return Optional.of((ObjectNode) node);
        });
    }

    Optional<ArrayNode> array(ObjectNode object, String pointer, String name) {
        return present(object, pointer, name, false).flatMap(node -> {
            if (!node.isArray()) {
                error(FieldError.child(pointer, name), "must be an array, not " + kind(node));
                return Optional.empty();
            }
            return Optional.of((ArrayNode) node);
        });
    }

    private Optional<JsonNode> present(ObjectNode object, String pointer, String name, boolean required) {
        JsonNode node = object.get(name);
        if (node == null) {
            if (required) {
                error(FieldError.child(pointer, name), "is required");
            }
            return Optional.empty();
        }
        if (node.isNull()) {
            error(FieldError.child(pointer, name), "must not be null" + (required ? "" : "; leave it out for the default"));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase();
        };
    }
}
