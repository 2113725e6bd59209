package io.batchrollout.azure;

import com.azure.core.http.HttpResponse;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.batchrollout.port.AzureCallException;
import java.io.IOException;
import java.util.Map;

/** Reads an ARM error body ({"error":{"code","message"}}) of a call made outside the SDK. */
final class ArmErrorBody {
    private ArmErrorBody() {
    }

    static AzureCallException toException(String what, HttpResponse response, String body) {
        String code = "Unknown";
        String message = body;
        try (JsonReader reader = JsonProviders.createReader(body)) {
            if (reader.readUntyped() instanceof Map<?, ?> root && root.get("error") instanceof Map<?, ?> error) {
                code = String.valueOf(error.get("code"));
                message = String.valueOf(error.get("message"));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw body as the message
        }
        return AzureErrors.of(response.getStatusCode(), code, what + ": " + message,
                AzureErrors.retryAfter(response), null);
    }
}
