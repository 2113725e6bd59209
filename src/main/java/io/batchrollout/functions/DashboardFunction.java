package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * The dashboard page. It reads nothing from Azure itself: the page calls the JSON APIs (drift report, getPool, the
 * plan when the app has it) with the key it was opened with, and posts operator actions.
 */
public class DashboardFunction {
    public static final String DASHBOARD = "dashboard";

    @FunctionName(DASHBOARD)
    public HttpResponseMessage dashboard(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "dashboard",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        DashboardPage.Rendered page = DashboardPage.render(AppContext.clock().instant());
        HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatus.OK);
        DashboardPage.headers(page.nonce()).forEach(response::header);
        return response.body(page.html()).build();
    }
}
