package io.batchrollout.azure;

import com.azure.core.http.HttpResponse;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import io.batchrollout.port.AzureCallException;
import java.io.IOException;
import java.util.List;
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
                if (error.get("details") instanceof List<?> details && !details.isEmpty()) {
                    StringBuilder text = new StringBuilder(message).append(" [");
                    for (Object d : details) {
                        if (d instanceof Map<?, ?> detail) {
                            text.append(detail.get("code")).append(": ").append(detail.get("message")).append("; ");
                        }
                    }
                    text.setLength(text.length() - 2);
                    message = text.append(']').toString();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw body as the message
        }
        return AzureErrors.of(response.getStatusCode(), code, what + ": " + message,
                AzureErrors.retryAfter(response), null);
    }
}
