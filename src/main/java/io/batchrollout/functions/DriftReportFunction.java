package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** The drift report: which managed pools are not on the image they should run. */
public class DriftReportFunction {
    public static final String DRIFT_REPORT = "driftReport";

    @FunctionName(DRIFT_REPORT)
    public HttpResponseMessage driftReport(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "drift",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Unimplemented.answer(DRIFT_REPORT, request, context, PlannedIssue.DRIFT_REPORT);
    }
}
