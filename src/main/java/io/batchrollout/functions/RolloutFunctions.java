package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** What operators do to a pool's rollout, and adopting an existing pool. The host makes a new instance per call. */
public class RolloutFunctions {
    public static final String ROLLOUT_ACTION = "rolloutAction";
    public static final String ADOPT_POOL = "adoptPool";

    /** Body {@code {"action": "retry" | "pause" | "resume" | "rollback"}}; refused before Azure when it is not that. */
    @FunctionName(ROLLOUT_ACTION)
    public HttpResponseMessage rolloutAction(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "pools/{poolId}/rollout",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("poolId") String poolId,
            ExecutionContext context) {
        return PoolHttp.poolCommand(request, poolId, context, AppContext.services().rolloutActionRequestParser()::parse,
                (pool, action) -> {
                    var outcome = AppContext.services().operatorActions().apply(pool, action);
                    context.getLogger().info(ROLLOUT_ACTION + " " + action.wireName() + " on " + poolId + ": "
                            + outcome.getClass().getSimpleName());
                    return RolloutHttp.action(request, pool, action, outcome);
                });
    }

    /**
     * Body {@code {"image": <definition or version id>, "rollout": {"strategy": "inPlace" | "blueGreen"},
     * "runningVersion": <version id, optional>}}.
     */
    @FunctionName(ADOPT_POOL)
    public HttpResponseMessage adoptPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "pools/{poolId}/adopt",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("poolId") String poolId,
            ExecutionContext context) {
        return PoolHttp.poolCommand(request, poolId, context, AppContext.services().adoptPoolRequestParser()::parse,
                (pool, adoption) -> {
                    var outcome = AppContext.services().poolAdopter().adopt(pool, adoption);
                    context.getLogger().info(ADOPT_POOL + " " + poolId + ": " + outcome.getClass().getSimpleName());
                    return RolloutHttp.adopt(request, pool, outcome);
                });
    }
}
