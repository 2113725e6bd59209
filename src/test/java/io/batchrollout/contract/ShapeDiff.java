package io.batchrollout.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the shape of a simulator answer with Microsoft's example of the same resource: field names with their exact
 * casing, JSON types, enum values, and which fields are there. A field the simulator serves but the example lacks is a
 * difference unless the spec declares it at that place ({@link Spec}); a field of the example the simulator lacks is
 * always one. Values are not compared (ids, times and counts differ by nature); enum values are checked against the spec.
 */
final class ShapeDiff {
    record Difference(String path, String what) {
        @Override
        public String toString() {
            return path + ": " + what;
        }
    }

    /** What the spec says about a place in the document (a path of field names, "[]" for array elements). */
    interface Spec {
        /** The fields the spec declares at {@code path}, or empty when the spec is silent there (extract gap). */
        Optional<Set<String>> declaredFields(List<String> path);

        Optional<List<String>> enumValues(List<String> path);

        Spec NONE = new Spec() {
            public Optional<Set<String>> declaredFields(List<String> path) {
                return Optional.empty();
            }

            public Optional<List<String>> enumValues(List<String> path) {
                return Optional.empty();
            }
        };

        /** The definitions of {@code extract} from {@code rootDefinition} down. */
        static Spec of(SpecExtract extract, String rootDefinition) {
            return new Spec() {
                public Optional<Set<String>> declaredFields(List<String> path) {
                    return extract.schemaAt(rootDefinition, path).map(s -> extract.properties(s).keySet())
                            .filter(fields -> !fields.isEmpty());
                }

                public Optional<List<String>> enumValues(List<String> path) {
                    return extract.schemaAt(rootDefinition, path).filter(s -> s.has("enum"))
                            .map(s -> { List<String> values = new ArrayList<>(); s.get("enum").forEach(v -> values.add(v.asText())); return values; });
                }
            };
        }
    }

    private ShapeDiff() {
    }

    /** Every difference once (an array's elements are each compared with the example's first element). */
    static List<Difference> compare(JsonNode example, JsonNode simulator, Spec spec) {
        List<Difference> differences = new ArrayList<>();
        compare(example, simulator, spec, new ArrayList<>(), differences);
        return differences.stream().distinct().toList();
    }

    /** A test failure message: every difference on its own line. */
    static String report(String what, List<Difference> differences) {
        StringBuilder text = new StringBuilder(what).append(" differs from Microsoft's example in ")
                .append(differences.size()).append(" place(s):");
        differences.forEach(d -> text.append("\n  ").append(d));
        return text.toString();
    }

    private static void compare(JsonNode example, JsonNode actual, Spec spec, List<String> path, List<Difference> out) {
        String at = path.isEmpty() ? "$" : "$." + String.join(".", path).replace(".[]", "[]");
        if (kind(example) != kind(actual)) {
            out.add(new Difference(at, "the example has " + kind(example) + ", the simulator " + kind(actual)));
            return;
        }
        if (actual.isTextual()) {
            spec.enumValues(path).filter(values -> !values.contains(actual.asText())).ifPresent(values ->
                    out.add(new Difference(at, "'" + actual.asText() + "' is not one of the spec's values " + values)));
        } else if (actual.isArray() && example.size() > 0) {
            for (JsonNode element : actual) {
                compare(example.get(0), element, spec, append(path, "[]"), out);
            }
        } else if (actual.isObject()) {
            compareFields(example, actual, spec, path, at, out);
        }
    }

    private static void compareFields(JsonNode example, JsonNode actual, Spec spec, List<String> path, String at,
                                      List<Difference> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = example.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (actual.has(name)) {
                compare(field.getValue(), actual.get(name), spec, append(path, name), out);
            } else {
                Optional<String> other = caseVariant(actual, name);
                out.add(new Difference(at + "." + name, other.map(o -> "the simulator spells it '" + o + "'")
                        .orElse("the simulator leaves it out")));
            }
        }
        Optional<Set<String>> declared = spec.declaredFields(path);
        Iterator<String> names = actual.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (example.has(name) || caseVariant(example, name).isPresent()) {
                continue;
            }
            if (declared.isEmpty() || !declared.get().contains(name)) {
                out.add(new Difference(at + "." + name, "served by the simulator, absent from the example and "
                        + (declared.isEmpty() ? "not in the spec extract" : "not declared by the spec")));
            }
        }
    }

    private static Optional<String> caseVariant(JsonNode object, String name) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            if (!candidate.equals(name) && candidate.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<String> append(List<String> path, String step) {
        List<String> next = new ArrayList<>(path);
        next.add(step);
        return next;
    }

    private static String kind(JsonNode node) {
        if (node.isNumber()) {
            return "a number";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
