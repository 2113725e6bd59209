package io.batchrollout.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.functions.Problem;
import io.batchrollout.functions.ProblemResponses;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the runner's server sends back. */
record HostResponse(int status, Map<String, String> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    HostResponse {
        headers = Map.copyOf(headers);
    }

    static HostResponse empty(int status) {
        return new HostResponse(status, Map.of(), new byte[0]);
    }

    static HostResponse json(int status, String json) {
        return new HostResponse(status, Map.of("Content-Type", "application/json; charset=utf-8"), json.getBytes(StandardCharsets.UTF_8));
    }

    static HostResponse problem(Problem problem) {
        return new HostResponse(problem.status(), ProblemResponses.headers(problem),
                ProblemResponses.json(problem).getBytes(StandardCharsets.UTF_8));
    }

    HostResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HostResponse(status, more, body);
    }

    /**
     * A function's answer on the wire. Like the worker: a String body is sent as text, bytes as they are, any other
     * object as JSON; the function's own Content-Type wins.
     */
    static HostResponse from(LocalHttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        Object body = response.getBody();
        byte[] bytes;
        String defaultType;
        if (body == null) {
            bytes = new byte[0];
            defaultType = null;
        } else if (body instanceof byte[] b) {
            bytes = b;
            defaultType = "application/octet-stream";
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            defaultType = "text/plain; charset=utf-8";
        } else {
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the function's response body could not be written as JSON", e);
            }
            defaultType = "application/json; charset=utf-8";
        }
        boolean typed = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"));
        if (!typed && defaultType != null) {
            headers.put("Content-Type", defaultType);
        }
        return new HostResponse(response.getStatusCode(), headers, bytes);
    }
}
