package io.batchrollout.functions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.batchrollout.api.BodyParse;
import io.batchrollout.api.ImageVerdictRequestParser;
import io.batchrollout.core.rollout.promotion.ManualPromotion;
import io.batchrollout.port.AzureCallException;
import java.util.Optional;

/**
 * An operator's verdict on a candidate image version (gated promotion): promote it to latest, or reject it. Thin: the
 * body is parsed in {@code api}, the decision and the gallery write are {@link ManualPromotion}'s.
 */
public class ImageVerdictFunctions {
    public static final String PROMOTE = "promoteImage";
    public static final String REJECT = "rejectImage";

    @FunctionName(PROMOTE)
    public HttpResponseMessage promote(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "images/promote",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return verdict(request, context, false);
    }

    @FunctionName(REJECT)
    public HttpResponseMessage reject(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "images/reject",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return verdict(request, context, true);
    }

    private static HttpResponseMessage verdict(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                               boolean reject) {
        String instance = ProblemResponses.instance(request);
        BodyParse<ImageVerdictRequestParser.Verdict> parsed = new ImageVerdictRequestParser()
                .parse(PoolHttp.header(request, "Content-Type"), request.getBody().orElse(null), reject);
        if (!(parsed instanceof BodyParse.Accepted<ImageVerdictRequestParser.Verdict> accepted)) {
            return PoolHttp.refusal(request, parsed);
        }
        ImageVerdictRequestParser.Verdict verdict = accepted.value();
        ManualPromotion promotion = AppContext.services().manualPromotion();
        ManualPromotion.Outcome outcome;
        try {
            outcome = reject ? promotion.reject(verdict.versionId(), verdict.reason().orElseThrow())
                    : promotion.promote(verdict.versionId(), verdict.reason());
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
        if (outcome instanceof ManualPromotion.Outcome.GalleryNotAllowed notAllowed) {
            return PoolHttp.problem(request, Problem.unprocessable(notAllowed.detail(), instance));
        }
        if (outcome instanceof ManualPromotion.Outcome.NotFound missing) {
            return PoolHttp.problem(request, Problem.notFound(missing.detail(), instance));
        }
        if (outcome instanceof ManualPromotion.Outcome.Conflict conflict) {
            return PoolHttp.problem(request, Problem.conflict(conflict.detail(), instance));
        }
        if (outcome instanceof ManualPromotion.Outcome.ChangedMeanwhile raced) {
            return PoolHttp.problem(request, Problem.conflict(raced.detail(), instance));
        }
        ManualPromotion.Outcome.Done done = (ManualPromotion.Outcome.Done) outcome;
        context.getLogger().info("promotion image=" + verdict.versionId().definition().imageName() + " version="
                + verdict.versionId().versionName() + " step=" + (reject ? "reject" : "promote") + " | " + done.reason());
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("versionId", verdict.versionId().toString())
                .put("state", done.state().wireName())
                .put("reason", done.reason());
        return PoolHttp.json(request, body);
    }
}
