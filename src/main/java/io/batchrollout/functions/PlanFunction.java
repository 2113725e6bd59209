package io.batchrollout.functions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.batchrollout.api.PlanRequestParser;
import io.batchrollout.api.RolloutPlanJson;
import io.batchrollout.api.RolloutPlanMarkdown;
import io.batchrollout.core.rollout.plan.PlanOutcome;
import io.batchrollout.core.rollout.plan.RolloutPlan;
import io.batchrollout.port.AzureCallException;
import java.util.Optional;

/**
 * The dry-run plan: what passes would do with a version of an image definition if it were ready now. Reads only. A
 * gallery outside ALLOWED_GALLERY_IDS is 422: the request is well formed, but names an image this app never rolls.
 */
public class PlanFunction {
    public static final String PLAN = "plan";

    @FunctionName(PLAN)
    public HttpResponseMessage plan(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "plan",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        String instance = ProblemResponses.instance(request);
        PlanRequestParser.Parsed parsed = PlanRequestParser.parse(request.getQueryParameters());
        if (parsed instanceof PlanRequestParser.Parsed.Refused refused) {
            return PoolHttp.problem(request, Problem.badRequest("The plan's query is invalid.", instance,
                    PoolHttp.fields(refused.errors())));
        }
        PlanRequestParser.Parsed.Accepted query = (PlanRequestParser.Parsed.Accepted) parsed;
        PlanOutcome outcome;
        try {
            outcome = AppContext.services().planReader().plan(query.definition(), query.version());
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
        if (outcome instanceof PlanOutcome.GalleryNotAllowed notAllowed) {
            return PoolHttp.problem(request, Problem.unprocessable("Gallery " + notAllowed.gallery() + " is not in "
                    + "ALLOWED_GALLERY_IDS: this app never rolls pools onto its images.", instance));
        }
        if (outcome instanceof PlanOutcome.DefinitionNotFound missing) {
            return PoolHttp.problem(request, Problem.notFound("Image definition " + missing.definition()
                    + " does not exist.", instance));
        }
        if (outcome instanceof PlanOutcome.VersionNotFound missing) {
            var newest = JsonNodeFactory.instance.arrayNode();
            missing.newest().forEach(newest::add);
            String which = missing.version().isEmpty() ? "no version named Major.Minor.Patch"
                    : "no version " + missing.version();
            return PoolHttp.problem(request, Problem.notFound("Image definition " + missing.definition() + " has "
                    + which + (missing.newest().isEmpty() ? "." : "; its newest are " + String.join(", ", missing.newest())
                    + "."), instance).with("newestVersions", newest));
        }
        PlanOutcome.Planned planned = (PlanOutcome.Planned) outcome;
        RolloutPlan plan = planned.plan();
        context.getLogger().info("plan " + plan.definition().imageName() + " " + plan.version().versionName() + ": "
                + plan.count(RolloutPlan.Action.ROLL) + " roll, " + plan.count(RolloutPlan.Action.WAIT) + " wait, "
                + plan.count(RolloutPlan.Action.SKIP) + " skip; " + planned.cost());
        if (query.format() == PlanRequestParser.Format.MARKDOWN) {
            return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", RolloutPlanMarkdown.MEDIA_TYPE)
                    .body(RolloutPlanMarkdown.plan(plan)).build();
        }
        return PoolHttp.json(request, RolloutPlanJson.plan(plan));
    }
}
