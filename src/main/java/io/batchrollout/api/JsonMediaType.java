package io.batchrollout.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a Content-Type declares JSON: {@code application/json}, any casing, with parameters allowed; a charset
 * parameter, if given, must be UTF-8 (RFC 8259 allows no other encoding for JSON exchanged between systems).
 */
final class JsonMediaType {
    private JsonMediaType() {
    }

    /** Why the header does not declare JSON; empty when it does. */
    static Optional<String> problem(Optional<String> contentType) {
        String required = "Content-Type must be application/json (optionally with charset=utf-8)";
        if (contentType.isEmpty() || contentType.get().isBlank()) {
            return Optional.of(required + "; the request has none.");
        }
        String[] parts = contentType.get().split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return Optional.of(required + ", not " + Texts.clip(parts[0].strip()) + ".");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq < 0) {
                if (parameter.isEmpty()) {
                    continue;
                }
                return Optional.of(required + "; the parameter '" + Texts.clip(parameter) + "' has no value.");
            }
            String name = parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = parameter.substring(eq + 1).strip().replace("\"", "");
            if (name.equals("charset") && !value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
                return Optional.of(required + "; charset " + Texts.clip(value) + " is not supported.");
            }
        }
        return Optional.empty();
    }
}
