package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.Handler;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A refusal of the Batch resource provider in the shape it really answers with: the Batch service's code, a message
 * ending in RequestId/Time, target "BatchAccount" and details named Reason / PropertyName / PropertyPath, e.g.
 * PropertyCannotBeUpdated for {@code properties.deploymentConfiguration} (seen in Azure/Batch#85, #153 and
 * azure-sdk-for-net#40325). The front door renders only code and message, so Batch handlers are wrapped by
 * {@link #guard} which renders these with their details.
 */
final class BatchArmError extends SimException {

    record Detail(String code, String message) {
    }

    private final List<Detail> details;

    private BatchArmError(int status, String code, String message, List<Detail> details, Instant now) {
        super(status, code, message + "\nRequestId:" + UUID.randomUUID() + "\nTime:" + now);
        this.details = List.copyOf(details);
    }

    /** 400 InvalidPropertyValue: the value given for a property is not acceptable. */
    static BatchArmError invalidValue(String propertyName, String propertyPath, String reason, Instant now) {
        return new BatchArmError(400, "InvalidPropertyValue",
                "The value provided for one of the properties in the request body is invalid.",
                List.of(new Detail("Reason", reason), new Detail("PropertyName", propertyName),
                        new Detail("PropertyPath", propertyPath)), now);
    }

    static BatchArmError missing(String propertyName, String propertyPath, Instant now) {
        return new BatchArmError(400, "MissingRequiredProperty",
                "A required property was not specified in the request body.",
                List.of(new Detail("PropertyName", propertyName), new Detail("PropertyPath", propertyPath)), now);
    }

    static BatchArmError cannotBeUpdated(String propertyName, String propertyPath, Instant now) {
        return new BatchArmError(400, "PropertyCannotBeUpdated",
                "A property that cannot be updated was specified as part of the request.",
                List.of(new Detail("Reason", "A property that cannot be updated was specified as part of the request."),
                        new Detail("PropertyName", propertyName), new Detail("PropertyPath", propertyPath)), now);
    }

    static BatchArmError invalidBody(String reason, String propertyPath, Instant now) {
        return new BatchArmError(400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.",
                List.of(new Detail("Reason", reason), new Detail("PropertyPath", propertyPath)), now);
    }

    /**
     * 400 AutoScalingFormulaSyntaxError: Batch refuses an autoscale formula it cannot compile on pool create or update.
     * The code is Batch's (BatchErrorCode.AutoScalingFormulaSyntaxError in its SDKs); that the resource provider passes
     * it through with these details, and the message, are the simulator's own (not confirmed against the service).
     */
    static BatchArmError formulaSyntax(String detail, Instant now) {
        return new BatchArmError(400, "AutoScalingFormulaSyntaxError", "The specified autoscale formula has a syntax error.",
                List.of(new Detail("Reason", detail), new Detail("PropertyName", "formula"),
                        new Detail("PropertyPath", "properties.scaleSettings.autoScale.formula")), now);
    }

    /** 409 OperationInvalidForCurrentState, with the reason as a detail. */
    static BatchArmError invalidForState(String reason, Instant now) {
        return new BatchArmError(409, "OperationInvalidForCurrentState",
                "The specified operation is not valid for the current state of the resource.",
                List.of(new Detail("Reason", reason)), now);
    }

    static BatchArmError of(int status, String code, String message, Instant now) {
        return new BatchArmError(status, code, message, List.of(), now);
    }

    List<Detail> details() {
        return details;
    }

    ObjectNode toBody() {
        ObjectNode body = BatchJson.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code()).put("message", getMessage()).put("target", "BatchAccount");
        if (!details.isEmpty()) {
            ArrayNode array = error.putArray("details");
            details.forEach(d -> array.addObject().put("code", d.code()).put("message", d.message()));
        }
        return body;
    }

    /** Renders this error type with its details; any other error goes on to the front door unchanged. */
    static Handler guard(Handler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (BatchArmError e) {
                return SimResponse.of(e.status(), e.toBody());
            }
        };
    }
}
