package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;

/** The one honest answer of an entry point not written yet: a logged line and a 501 problem, never a pretend success. */
final class Unimplemented {
    private Unimplemented() {
    }

    static HttpResponseMessage answer(String functionName, HttpRequestMessage<?> request, ExecutionContext context,
                                      PlannedIssue issue) {
        String detail = NotImplementedYet.describe(functionName, issue);
        context.getLogger().warning(request.getHttpMethod() + " " + ProblemResponses.instance(request) + " -> 501: " + detail);
        return ProblemResponses.of(request, Problem.notImplemented(detail, ProblemResponses.instance(request)));
    }

    static NotImplementedYet fail(String functionName, ExecutionContext context, PlannedIssue issue, String whatArrived) {
        NotImplementedYet failure = new NotImplementedYet(functionName, issue);
        context.getLogger().warning(whatArrived + "; not handled: " + failure.getMessage());
        return failure;
    }
}
