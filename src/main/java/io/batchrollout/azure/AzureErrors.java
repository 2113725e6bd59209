package io.batchrollout.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import io.batchrollout.port.AzureCallException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one place where SDK exceptions become the outcomes the core understands. Adapters wrap each call in
 * {@link #call}; nothing above the adapters sees an SDK exception.
 */
final class AzureErrors {
    private AzureErrors() {
    }

    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (HttpResponseException e) {
            throw map(what, e);
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    static AzureCallException map(String what, HttpResponseException e) {
        HttpResponse response = e.getResponse();
        int status = response == null ? 0 : response.getStatusCode();
        String code = code(e);
        String message = what + ": " + (e instanceof ManagementException m && m.getValue() != null && m.getValue().getMessage() != null
                ? m.getValue().getMessage() : e.getMessage());
        return of(status, code, message, retryAfter(response), e);
    }

    static AzureCallException of(int status, String code, String message, Duration retryAfter, Throwable cause) {
        return switch (status) {
            case 404 -> new AzureCallException.NotFound(code, message, cause);
            case 409 -> new AzureCallException.Conflict(code, message, cause);
            case 412 -> new AzureCallException.PreconditionFailed(code, message, cause);
            case 429, 503 -> new AzureCallException.Throttled(status, code, message, retryAfter, cause);
            default -> new AzureCallException.Failed(status, code, message, cause);
        };
    }

    private static String code(HttpResponseException e) {
        if (e instanceof ManagementException m && m.getValue() != null && m.getValue().getCode() != null) {
            return m.getValue().getCode();
        }
        return "Unknown";
    }

    static Duration retryAfter(HttpResponse response) {
        if (response == null) {
            return null;
        }
        String value = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
