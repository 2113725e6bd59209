package io.batchrollout.port;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcomes of a failed Azure call that the core acts on. Adapters map SDK exceptions to these; nothing
 * else of the SDK leaks into the core.
 */
public sealed class AzureCallException extends RuntimeException {

    private final int status;
    private final String code;

    public AzureCallException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** Azure's error code, e.g. {@code PoolExists} or {@code ResourceNotFound}. */
    public String code() {
        return code;
    }

    /** 404: the resource is not there. */
    public static final class NotFound extends AzureCallException {
        public NotFound(String code, String message, Throwable cause) {
            super(404, code, message, cause);
        }
    }

    /** 412: the ETag sent no longer matches. Re-read and decide again. */
    public static final class PreconditionFailed extends AzureCallException {
        public PreconditionFailed(String code, String message, Throwable cause) {
            super(412, code, message, cause);
        }
    }

    /** 409: the resource exists already, or its state forbids the operation now. */
    public static final class Conflict extends AzureCallException {
        public Conflict(String code, String message, Throwable cause) {
            super(409, code, message, cause);
        }
    }

    /** 429 or 503 still returned after the pipeline's own retries: try again on a later pass. */
    public static final class Throttled extends AzureCallException {
        private final Duration retryAfter;

        public Throttled(int status, String code, String message, Duration retryAfter, Throwable cause) {
            super(status, code, message, cause);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** Anything else Azure refused (400 with a validation code, 403, 500...). */
    public static final class Failed extends AzureCallException {
        public Failed(int status, String code, String message, Throwable cause) {
            super(status, code, message, cause);
        }
    }
}
