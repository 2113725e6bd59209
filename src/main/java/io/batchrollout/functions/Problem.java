package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9457 problem: what every failing HTTP answer of this app carries, rendered as
 * {@code application/problem+json} by {@link ProblemResponses}. Built through the factories so each status gets the
 * members it needs (invalid fields for 400, Retry-After for 503).
 *
 * @param type       a URI naming the kind of problem, stable across occurrences
 * @param instance   the occurrence: the request path the problem answers
 * @param errors     one entry per invalid field; only 400 has them
 * @param retryAfter when the client may try again; only 503 has it (sent as the Retry-After header)
 * @param extensions further members (RFC 9457, 3.2) a client can act on: the gate's reasons, the fields that differ
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      List<InvalidField> errors, Optional<Duration> retryAfter, Map<String, JsonNode> extensions) {

    /** Problem type URIs are tags: they name a kind of problem and are not meant to be dereferenced (RFC 9457, 3.1.1). */
    public static final String TYPE_PREFIX = "tag:batch-image-rollout,2026:problem:";

    /**
     * One invalid field of a request body, located by a JSON Pointer in a URI fragment ({@code #/scaleSettings/targetDedicatedNodes}),
     * as in RFC 9457's own example.
     */
    public record InvalidField(String pointer, String detail) {
        public InvalidField {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(detail, "detail");
        }

        /** From a dotted field path such as {@code scaleSettings.targetDedicatedNodes}. */
        public static InvalidField field(String dottedPath, String detail) {
            return new InvalidField("#/" + dottedPath.replace("~", "~0").replace("/", "~1").replace('.', '/'), detail);
        }
    }

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        errors = List.copyOf(errors);
        Objects.requireNonNull(retryAfter, "retryAfter");
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        for (String reserved : List.of("type", "title", "status", "detail", "instance", "errors")) {
            if (extensions.containsKey(reserved)) {
                throw new IllegalArgumentException("'" + reserved + "' is a standard member, not an extension");
            }
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem answers with a 4xx or 5xx status, not " + status);
        }
        if (!errors.isEmpty() && status != 400) {
            throw new IllegalArgumentException("only a 400 problem lists invalid fields");
        }
        if (retryAfter.isPresent() && status != 503 && status != 429) {
            throw new IllegalArgumentException("only a 503 or 429 problem carries Retry-After");
        }
    }

    /** A request that cannot be read at all (not JSON, a missing header): nothing to say per field. */
    public static Problem badRequest(String detail, String instance) {
        return of("invalid-request", "Invalid request", 400, detail, instance, List.of(), Optional.empty());
    }

    /** A readable request with invalid fields: one entry per field. */
    public static Problem badRequest(String detail, String instance, List<InvalidField> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a 400 problem names at least one invalid field");
        }
        return of("invalid-request", "Invalid request", 400, detail, instance, errors, Optional.empty());
    }

    public static Problem notFound(String detail, String instance) {
        return of("not-found", "Not found", 404, detail, instance, List.of(), Optional.empty());
    }

    public static Problem methodNotAllowed(String detail, String instance) {
        return of("method-not-allowed", "Method not allowed", 405, detail, instance, List.of(), Optional.empty());
    }

    public static Problem conflict(String detail, String instance) {
        return of("conflict", "Conflict", 409, detail, instance, List.of(), Optional.empty());
    }

    public static Problem unprocessable(String detail, String instance) {
        return of("unprocessable", "Unprocessable request", 422, detail, instance, List.of(), Optional.empty());
    }

    public static Problem internalError(String detail, String instance) {
        return of("internal-error", "Internal error", 500, detail, instance, List.of(), Optional.empty());
    }

    public static Problem notImplemented(String detail, String instance) {
        return of("not-implemented", "Not implemented", 501, detail, instance, List.of(), Optional.empty());
    }

    public static Problem unavailable(String detail, String instance, Duration retryAfter) {
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("Retry-After cannot be negative");
        }
        return of("unavailable", "Service unavailable", 503, detail, instance, List.of(), Optional.of(retryAfter));
    }

    /** For statuses the factories above do not cover; {@code kind} becomes the last part of the type URI. */
    public static Problem of(String kind, String title, int status, String detail, String instance,
                             List<InvalidField> errors, Optional<Duration> retryAfter) {
        return new Problem(TYPE_PREFIX + kind.toLowerCase(Locale.ROOT), title, status, detail, instance, errors, retryAfter,
                Map.of());
    }

    /** This problem with one more extension member. */
    public Problem with(String member, JsonNode value) {
        Map<String, JsonNode> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, retryAfter, more);
    }

    /** Retry-After in whole seconds, rounded up so a client never comes back early. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter.map(d -> d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }
}
