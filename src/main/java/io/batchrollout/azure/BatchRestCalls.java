package io.batchrollout.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.port.AzureCallException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * REST calls to a Batch account's data plane (no SDK for it is served here): https://{accountEndpoint}{path} at
 * api-version 2024-07-01.20.0 over the pipeline that carries the Batch token and the retry policy. JSON is read
 * and written with azure-json; lists follow odata.nextLink; Batch errors ({"code", "message":{"value"}}) become
 * {@link AzureCallException}s with Batch's code.
 */
final class BatchRestCalls {
    static final String API_VERSION = "2024-07-01.20.0";
    static final String CONTENT_TYPE = "application/json; odata=minimalmetadata";
    private static final int MAX_PAGES = 10_000;

    private final HttpPipeline pipeline;

    BatchRestCalls(HttpPipeline pipeline) {
        this.pipeline = pipeline;
    }

    Map<String, Object> get(BatchAccount account, String path, String what) {
        return object(send(HttpMethod.GET, url(account, path, null), null, null, what), what);
    }

    /** Every item of a list, page after page. */
    List<Map<String, Object>> list(BatchAccount account, String path, String filter, String what) {
        return list(url(account, path, filter), what);
    }

    /** The same, asking for {@code maxResults} items a page (the service's next links keep it). */
    List<Map<String, Object>> list(BatchAccount account, String path, int maxResults, String what) {
        return list(url(account, path, null) + "&maxresults=" + maxResults, what);
    }

    private List<Map<String, Object>> list(String first, String what) {
        List<Map<String, Object>> items = new ArrayList<>();
        String url = first;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            Map<String, Object> body = object(send(HttpMethod.GET, url, null, null, what), what);
            if (body.get("value") instanceof List<?> value) {
                value.forEach(item -> items.add(asMap(item)));
            }
            url = body.get("odata.nextLink") instanceof String next ? next : null;
        }
        return items;
    }

    /** {@code ifMatch}: the resource's ETag as read (sent as If-Match), or null for an unconditional call. */
    void post(BatchAccount account, String path, Map<String, Object> body, String ifMatch, String what) {
        send(HttpMethod.POST, url(account, path, null), body, ifMatch, what);
    }

    void patch(BatchAccount account, String path, Map<String, Object> body, String ifMatch, String what) {
        send(HttpMethod.PATCH, url(account, path, null), body, ifMatch, what);
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An OData string literal: single quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String url(BatchAccount account, String path, String filter) {
        StringBuilder url = new StringBuilder("https://").append(account.accountEndpoint()).append(path)
                .append("?api-version=").append(API_VERSION);
        if (filter != null) {
            url.append("&$filter=").append(segment(filter));
        }
        return url.toString();
    }

    private String send(HttpMethod method, String url, Map<String, Object> body, String ifMatch, String what) {
        HttpRequest request = new HttpRequest(method, url).setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (ifMatch != null) {
            request.setHeader(HttpHeaderName.IF_MATCH, ifMatch);
        }
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, CONTENT_TYPE).setBody(write(body));
        } else if (method != HttpMethod.GET) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, CONTENT_TYPE);
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() >= 400) {
                throw error(what, response, text);
            }
            return text;
        }
    }

    private static AzureCallException error(String what, HttpResponse response, String body) {
        String code = "Unknown";
        String message = body;
        try {
            Map<String, Object> error = read(body);
            if (error.get("code") instanceof String c) {
                code = c;
            }
            Object m = error.get("message");
            message = m instanceof Map<?, ?> localized ? String.valueOf(localized.get("value")) : String.valueOf(m);
        } catch (RuntimeException e) {
            // not Batch's error shape: keep the raw body
        }
        return AzureErrors.of(response.getStatusCode(), code, what + ": " + message, AzureErrors.retryAfter(response), null);
    }

    private static Map<String, Object> object(String text, String what) {
        try {
            return read(text);
        } catch (RuntimeException e) {
            throw new AzureCallException.Failed(0, "InvalidResponse", what + ": the response is not a JSON object", e);
        }
    }

    private static Map<String, Object> read(String text) {
        try (JsonReader reader = JsonProviders.createReader(text)) {
            return asMap(reader.readUntyped());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    private static String write(Map<String, Object> body) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(out)) {
            writer.writeUntyped(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
