package io.batchrollout.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A control request the simulator refuses (bad input to {@code /_sim/...}), answered as application/problem+json
 * with one entry per field at fault. A refused control changes nothing.
 */
public final class ControlProblem extends SimException {

    /** One thing wrong with one field of the request. */
    public record FieldError(String field, String detail) {
    }

    private final List<FieldError> errors;

    public ControlProblem(int status, String code, String message, List<FieldError> errors) {
        super(status, code, message);
        this.errors = List.copyOf(errors);
    }

    public static ControlProblem invalid(String what, List<FieldError> errors) {
        StringBuilder message = new StringBuilder(what);
        for (FieldError e : errors) {
            message.append(message.length() == what.length() ? ": " : "; ").append(e.field()).append(": ").append(e.detail());
        }
        return new ControlProblem(400, "InvalidControlRequest", message.toString(), errors);
    }

    /** The problem document for any error a control answers with. */
    static ObjectNode render(SimException e) {
        ObjectNode problem = SimServer.JSON.createObjectNode()
                .put("type", "about:blank")
                .put("title", title(e.status()))
                .put("status", e.status())
                .put("code", e.code())
                .put("detail", e.getMessage());
        if (e instanceof ControlProblem control && !control.errors.isEmpty()) {
            var list = problem.putArray("errors");
            control.errors.forEach(f -> list.addObject().put("field", f.field()).put("detail", f.detail()));
        }
        return problem;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            default -> status >= 500 ? "Simulator Error" : "Refused";
        };
    }
}
