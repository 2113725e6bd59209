package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response a handler returns; the server adds request ids and renders the JSON. */
public record SimResponse(int status, Map<String, String> headers, JsonNode body) {

    public static SimResponse ok(JsonNode body) {
        return new SimResponse(200, Map.of(), body);
    }

    public static SimResponse of(int status, JsonNode body) {
        return new SimResponse(status, Map.of(), body);
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, Map.of(), null);
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body);
    }
}
