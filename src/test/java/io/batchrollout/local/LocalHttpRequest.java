package io.batchrollout.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the Java worker hands it to a function: header names lower-cased (the host lower-cases them
 * before they reach the worker), query parameters without the ones whose value is empty, the body already
 * converted to the type the function asked for.
 */
public final class LocalHttpRequest<T> implements HttpRequestMessage<T> {
    private final URI uri;
    private final HttpMethod method;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final T body;

    public LocalHttpRequest(URI uri, HttpMethod method, Map<String, String> headers, Map<String, String> query, T body) {
        this.uri = uri;
        this.method = method;
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        this.headers = Map.copyOf(lower);
        Map<String, String> nonEmpty = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                nonEmpty.put(k, v);
            }
        });
        this.query = Map.copyOf(nonEmpty);
        this.body = body;
    }

    /** A request with no headers, query or body, for tests that call a function directly. */
    public static <T> LocalHttpRequest<T> of(HttpMethod method, String uri, T body) {
        URI parsed = URI.create(uri);
        return new LocalHttpRequest<>(parsed, method, Map.of(), HostRequest.queryOf(parsed), body);
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public T getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new LocalHttpResponse().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new LocalHttpResponse().status(status);
    }
}
