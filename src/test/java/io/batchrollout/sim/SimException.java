package io.batchrollout.sim;

import java.util.Map;

/**
 * An error the simulator answers with, rendered once in Azure's {@code {"error":{"code","message"}}} shape.
 * Handlers throw it wherever Azure would refuse a request.
 */
public class SimException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public SimException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public SimException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static SimException notFound(String what) {
        return new SimException(404, "ResourceNotFound", what + " was not found.");
    }

    public static SimException badRequest(String code, String message) {
        return new SimException(400, code, message);
    }

    public static SimException conflict(String code, String message) {
        return new SimException(409, code, message);
    }

    public static SimException preconditionFailed(String message) {
        return new SimException(412, "PreconditionFailed", message);
    }
}
