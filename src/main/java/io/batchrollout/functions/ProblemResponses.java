package io.batchrollout.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a {@link Problem} as the {@code application/problem+json} answer of an HTTP function. */
public final class ProblemResponses {
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    public static HttpResponseMessage of(HttpRequestMessage<?> request, Problem problem) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(problem.status()));
        headers(problem).forEach(builder::header);
        return builder.body(json(problem)).build();
    }

    /** The headers a problem answer carries: its media type, and Retry-After when the problem has one. */
    public static Map<String, String> headers(Problem problem) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", MEDIA_TYPE);
        problem.retryAfterSeconds().ifPresent(seconds -> headers.put("Retry-After", Long.toString(seconds)));
        return headers;
    }

    /** The problem's JSON body; members in RFC 9457's order, absent ones left out. */
    public static String json(Problem problem) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        if (problem.instance() != null) {
            body.put("instance", problem.instance());
        }
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            problem.errors().forEach(e -> errors.addObject().put("pointer", e.pointer()).put("detail", e.detail()));
        }
        problem.extensions().forEach(body::set);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written as JSON", e);
        }
    }

    /** The request's path, the {@code instance} of problems about it. */
    public static String instance(HttpRequestMessage<?> request) {
        return request.getUri().getRawPath();
    }
}
