package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.batchrollout.api.BodyParse;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.OperatorAction;
import io.batchrollout.port.AzureCallException;
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
        PoolHttp.NamedPool pool = PoolHttp.namedPool(request, poolId);
        if (pool.refusal().isPresent()) {
            return pool.refusal().get();
        }
        BodyParse<OperatorAction> parsed = AppContext.services().rolloutActionRequestParser()
                .parse(PoolHttp.header(request, "Content-Type"), request.getBody().orElse(null));
        if (!(parsed instanceof BodyParse.Accepted<OperatorAction> accepted)) {
            return PoolHttp.refusal(request, parsed);
        }
        try {
            var outcome = AppContext.services().operatorActions().apply(pool.id().get(), accepted.value());
            context.getLogger().info(ROLLOUT_ACTION + " " + accepted.value().wireName() + " on " + poolId + ": "
                    + outcome.getClass().getSimpleName());
            return RolloutHttp.action(request, pool.id().get(), accepted.value(), outcome);
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }

    /** Body {@code {"image": <definition or version id>, "rollout": {"strategy": "inPlace" | "blueGreen"}}}. */
    @FunctionName(ADOPT_POOL)
    public HttpResponseMessage adoptPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "pools/{poolId}/adopt",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("poolId") String poolId,
            ExecutionContext context) {
        PoolHttp.NamedPool pool = PoolHttp.namedPool(request, poolId);
        if (pool.refusal().isPresent()) {
            return pool.refusal().get();
        }
        BodyParse<RolloutPolicy> parsed = AppContext.services().adoptPoolRequestParser()
                .parse(PoolHttp.header(request, "Content-Type"), request.getBody().orElse(null));
        if (!(parsed instanceof BodyParse.Accepted<RolloutPolicy> accepted)) {
            return PoolHttp.refusal(request, parsed);
        }
        try {
            var outcome = AppContext.services().poolAdopter().adopt(pool.id().get(), accepted.value());
            context.getLogger().info(ADOPT_POOL + " " + poolId + ": " + outcome.getClass().getSimpleName());
            return RolloutHttp.adopt(request, pool.id().get(), outcome);
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }
}
