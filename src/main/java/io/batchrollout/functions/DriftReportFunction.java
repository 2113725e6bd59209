package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.HttpStatus;
import io.batchrollout.api.DriftReportJson;
import io.batchrollout.api.DriftReportMarkdown;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.port.AzureCallException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The drift report: which managed pools are not on the image they should run, and what holds them. */
public class DriftReportFunction {
    public static final String DRIFT_REPORT = "driftReport";

    /**
     * Accounts that cannot be listed are named in the report (partial), not a failure of the whole report.
     * {@code ?format=markdown} answers the same facts as Markdown tables (pipeline logs); {@code json} is the default;
     * any other format is a 400 before anything is read.
     */
    @FunctionName(DRIFT_REPORT)
    public HttpResponseMessage driftReport(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "drift",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        String format = PoolHttp.query(request, "format").map(f -> f.strip().toLowerCase(Locale.ROOT)).orElse("json");
        if (!List.of("json", "markdown").contains(format)) {
            return PoolHttp.problem(request, Problem.badRequest("format must be json or markdown", ProblemResponses.instance(request),
                    List.of(new Problem.InvalidField("#/format", "'" + PoolHttp.query(request, "format").orElse("")
                            + "' is not a format of this report: use json (the default) or markdown"))));
        }
        try {
            DriftReport report = AppContext.services().driftReporter().report();
            context.getLogger().info("driftReport: " + report.pools().size() + " managed pools, "
                    + report.count(io.batchrollout.core.rollout.drift.DriftEntry.Status.DRIFTED) + " drifted, "
                    + report.imageReads() + " image reads, " + report.accountsNotRead().size() + " accounts not read; "
                    + report.counts().line());
            if (format.equals("markdown")) {
                return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", DriftReportMarkdown.MEDIA_TYPE)
                        .body(DriftReportMarkdown.write(report)).build();
            }
            return PoolHttp.json(request, DriftReportJson.report(report));
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }
}
