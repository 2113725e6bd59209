package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it: the matched operation, its path parameters (named as in the route template),
 * the decoded query, the headers (lower-cased names) and the parsed JSON body, if any.
 */
public record SimRequest(String method, String path, String operation, Map<String, String> pathParams,
                         Map<String, String> query, Map<String, String> headers, JsonNode body) {

    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String apiVersion() {
        return queryParam("api-version").orElse("");
    }

    /** The body, or a 400 in Azure's words when there is none. */
    public JsonNode requireBody() {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw SimException.badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        return body;
    }
}
