package io.batchrollout.api;

import java.util.Objects;

/**
 * One invalid field of a request body: a JSON Pointer in a URI fragment ({@code #/startTask/commandLine},
 * {@code #/metadata/2/name}; {@code #} for the body as a whole) and what is wrong with it.
 */
public record FieldError(String pointer, String detail) {
    public FieldError {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(detail, "detail");
    }

    /** The pointer to a member of the object at {@code parent} (RFC 6901 escaping of '~' and '/'). */
    static String child(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String item(String parent, int index) {
        return parent + "/" + index;
    }
}
