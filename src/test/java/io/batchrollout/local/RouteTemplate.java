package io.batchrollout.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP trigger's route template matched the way the Functions host's ASP.NET Core routing does: literal segments
 * compare case-insensitively, {@code {name}} takes one segment, {@code {name?}} may be absent at the end,
 * {@code {*name}} takes the rest, {@code {name:int}} (also long, bool, guid, alpha) constrains the value.
 */
record RouteTemplate(String text, List<Segment> segments) {

    private static final Pattern PARAMETER = Pattern.compile("^\\{(\\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\\?)?}$");

    sealed interface Segment permits Literal, Parameter {
    }

    record Literal(String value) implements Segment {
    }

    record Parameter(String name, String constraint, boolean optional, boolean catchAll) implements Segment {
        boolean accepts(String value) {
            if (constraint == null) {
                return true;
            }
            return switch (constraint) {
                case "int" -> value.matches("-?\\d{1,10}") && fits(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "long" -> value.matches("-?\\d{1,19}") && fits(value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "bool" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                case "alpha" -> value.matches("[A-Za-z]+");
                case "guid" -> isGuid(value);
                default -> throw new IllegalStateException("unsupported route constraint " + constraint);
            };
        }

        private static boolean fits(String value, long min, long max) {
            try {
                long parsed = Long.parseLong(value);
                return parsed >= min && parsed <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static boolean isGuid(String value) {
            try {
                return UUID.fromString(value).toString().equalsIgnoreCase(value);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    static RouteTemplate parse(String text) {
        String trimmed = text.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        List<Segment> segments = new ArrayList<>();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new IllegalArgumentException("route '" + text + "' has an empty segment");
            }
            if (!part.contains("{")) {
                segments.add(new Literal(part));
                continue;
            }
            Matcher m = PARAMETER.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("route '" + text + "': segment '" + part + "' is not {name}, {name?}, {*name} "
                        + "or {name:constraint} (the local runner does not take parameters mixed with text in one segment)");
            }
            Parameter parameter = new Parameter(m.group(2), m.group(3), m.group(4) != null, m.group(1) != null);
            if (parameter.constraint() != null && !List.of("int", "long", "bool", "alpha", "guid").contains(parameter.constraint())) {
                throw new IllegalArgumentException("route '" + text + "': the local runner does not know constraint '" + parameter.constraint() + "'");
            }
            if ((parameter.optional() || parameter.catchAll()) && i != parts.length - 1) {
                throw new IllegalArgumentException("route '" + text + "': only the last segment may be optional or catch-all");
            }
            segments.add(parameter);
        }
        return new RouteTemplate(text, List.copyOf(segments));
    }

    /** The route values when the path's (already percent-decoded) segments match, else empty. */
    Optional<Map<String, String>> match(List<String> path) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment instanceof Parameter p && p.catchAll()) {
                if (i < path.size()) {
                    values.put(p.name(), String.join("/", path.subList(i, path.size())));
                }
                return Optional.of(values);
            }
            if (i >= path.size()) {
                return segment instanceof Parameter p && p.optional() ? Optional.of(values) : Optional.empty();
            }
            String value = path.get(i);
            if (segment instanceof Literal literal) {
                if (!literal.value().equalsIgnoreCase(value)) {
                    return Optional.empty();
                }
            } else if (segment instanceof Parameter p) {
                if (!p.accepts(value)) {
                    return Optional.empty();
                }
                values.put(p.name(), value);
            }
        }
        return path.size() == segments.size() ? Optional.of(values) : Optional.empty();
    }

    /**
     * Orders templates as ASP.NET Core's precedence does, segment by segment: literal before constrained parameter
     * before parameter before catch-all. Lower sorts first.
     */
    String precedence() {
        StringBuilder key = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Literal) {
                key.append('1');
            } else if (segment instanceof Parameter p) {
                key.append(p.catchAll() ? '5' : p.optional() ? '4' : p.constraint() != null ? '2' : '3');
            }
        }
        return key.append('0').toString();
    }
}
