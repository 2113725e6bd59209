package io.batchrollout.local;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's response builder: status 200 until set, headers kept as given (and looked up by exact name, as the
 * worker does), any body object.
 */
public final class LocalHttpResponse implements HttpResponseMessage, HttpResponseMessage.Builder {
    private HttpStatusType status = HttpStatus.OK;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType status) {
        if (status.value() < 100 || status.value() > 599) {
            throw new IllegalArgumentException("HTTP status " + status.value() + " is not from 100 to 599");
        }
        this.status = status;
        return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
        headers.put(key, value);
        return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object body) {
        this.body = body;
        return this;
    }

    @Override
    public HttpResponseMessage build() {
        return this;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public int getStatusCode() {
        return status.value();
    }

    @Override
    public String getHeader(String key) {
        return headers.get(key);
    }

    Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    @Override
    public Object getBody() {
        return body;
    }
}
