package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.batchrollout.api.DriftReportJson;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.port.AzureCallException;
import java.util.Optional;

/** The drift report: which managed pools are not on the image they should run, and what holds them. */
public class DriftReportFunction {
    public static final String DRIFT_REPORT = "driftReport";

    /** Accounts that cannot be listed are named in the report (partial), not a failure of the whole report. */
    @FunctionName(DRIFT_REPORT)
    public HttpResponseMessage driftReport(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "drift",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        try {
            DriftReport report = AppContext.services().driftReporter().report();
            context.getLogger().info("driftReport: " + report.pools().size() + " managed pools, "
                    + report.count(io.batchrollout.core.rollout.drift.DriftEntry.Status.DRIFTED) + " drifted, "
                    + report.imageReads() + " image reads, " + report.accountsNotRead().size() + " accounts not read");
            return PoolHttp.json(request, DriftReportJson.report(report));
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }
}
