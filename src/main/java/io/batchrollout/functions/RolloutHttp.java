package io.batchrollout.functions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.batchrollout.api.PoolStatusJson;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.pools.PoolAdopter;
import io.batchrollout.core.pools.PoolStatus;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorActions;

/** Maps what an operator action or an adopt came to onto HTTP: 200 with the pool's status, 404, 409. */
final class RolloutHttp {
    private RolloutHttp() {
    }

    static HttpResponseMessage action(HttpRequestMessage<?> request, PoolId id, OperatorAction action,
                                      OperatorActions.Outcome outcome) {
        String instance = ProblemResponses.instance(request);
        if (outcome instanceof OperatorActions.Outcome.Applied applied) {
            return status(request, applied.pool());
        }
        if (outcome instanceof OperatorActions.Outcome.AlreadySo same) {
            return status(request, same.pool());
        }
        if (outcome instanceof OperatorActions.Outcome.NotManaged) {
            return PoolHttp.problem(request, notFound(id, instance));
        }
        if (outcome instanceof OperatorActions.Outcome.ChangedMeanwhile changed) {
            return PoolHttp.problem(request, Problem.conflict("The pool changed meanwhile, retry: " + changed.reason() + ".", instance));
        }
        OperatorActions.Outcome.Refused refused = (OperatorActions.Outcome.Refused) outcome;
        return PoolHttp.problem(request, Problem.conflict("Cannot " + action.wireName() + " pool '" + id.poolName() + "': "
                + refused.reason() + ". Nothing was changed.", instance)
                .with("reason", JsonNodeFactory.instance.textNode(refused.reason())));
    }

    static HttpResponseMessage adopt(HttpRequestMessage<?> request, PoolId id, PoolAdopter.Outcome outcome) {
        String instance = ProblemResponses.instance(request);
        if (outcome instanceof PoolAdopter.Outcome.Adopted adopted) {
            return status(request, adopted.pool());
        }
        if (outcome instanceof PoolAdopter.Outcome.AlreadyManaged same) {
            return status(request, same.pool());
        }
        if (outcome instanceof PoolAdopter.Outcome.NotFound) {
            return PoolHttp.problem(request, Problem.notFound("No pool '" + id.poolName() + "' in " + id.account() + ".", instance));
        }
        if (outcome instanceof PoolAdopter.Outcome.ManagedOtherwise other) {
            Problem problem = Problem.conflict(other.detail(), instance);
            return PoolHttp.problem(request, other.existing().map(p -> problem.with("policy", PoolStatusJson.policyJson(p)))
                    .orElse(problem));
        }
        if (outcome instanceof PoolAdopter.Outcome.ImageMismatch mismatch) {
            return PoolHttp.problem(request, Problem.conflict(mismatch.detail(), instance)
                    .with("poolImageDefinitionId", JsonNodeFactory.instance.textNode(mismatch.poolDefinition().toString())));
        }
        if (outcome instanceof PoolAdopter.Outcome.RunningVersionRefused refused) {
            return PoolHttp.problem(request, Problem.conflict(refused.detail(), instance));
        }
        PoolAdopter.Outcome.ChangedMeanwhile changed = (PoolAdopter.Outcome.ChangedMeanwhile) outcome;
        return PoolHttp.problem(request, Problem.conflict("The pool changed meanwhile, retry: " + changed.detail(), instance));
    }

    /** getPool's answer for the pool as written (node counts read now). */
    private static HttpResponseMessage status(HttpRequestMessage<?> request, Pool pool) {
        PoolStatus status = AppContext.services().poolStatusReader().statusOf(pool)
                .orElseThrow(() -> new IllegalStateException("a pool just acted on has a policy"));
        return PoolHttp.json(request, PoolStatusJson.status(status));
    }

    static Problem notFound(PoolId id, String instance) {
        return Problem.notFound("No pool '" + id.poolName() + "' managed by this app in " + id.account() + ".", instance);
    }
}
