package io.batchrollout.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import io.batchrollout.port.AzureCallException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link AzureErrors} for the Batch resource provider, which puts the actual reason of a refusal in the error's
 * details (Reason, PropertyName, PropertyPath) behind a generic message: the details are kept in the message.
 */
final class BatchArmErrors {
    private BatchArmErrors() {
    }

    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (ManagementException e) {
            AzureCallException mapped = AzureErrors.map(what, e);
            List<? extends ManagementError> details = e.getValue() == null ? null : e.getValue().getDetails();
            if (details == null || details.isEmpty()) {
                throw mapped;
            }
            String detail = details.stream().map(d -> d.getCode() + ": " + d.getMessage()).collect(Collectors.joining("; "));
            throw AzureErrors.of(mapped.status(), mapped.code(), mapped.getMessage() + " [" + detail + "]",
                    AzureErrors.retryAfter(e.getResponse()), e);
        } catch (HttpResponseException e) {
            throw AzureErrors.map(what, e);
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }
}
