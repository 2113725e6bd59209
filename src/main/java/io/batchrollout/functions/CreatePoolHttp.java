package io.batchrollout.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import io.batchrollout.api.PoolStatusJson;
import io.batchrollout.core.pools.CreatePoolCommand;
import io.batchrollout.core.pools.CreatePoolOutcome;
import io.batchrollout.core.pools.PoolStatus;
import io.batchrollout.core.pools.PoolStatusReader;
import io.batchrollout.core.pools.SpecDifference;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Maps what a create came to onto HTTP: 201, 200, 409, 422. */
final class CreatePoolHttp {
    private CreatePoolHttp() {
    }

    static HttpResponseMessage answer(HttpRequestMessage<?> request, CreatePoolCommand command, CreatePoolOutcome outcome,
                                      boolean severalAccounts) {
        String instance = ProblemResponses.instance(request);
        if (outcome instanceof CreatePoolOutcome.Created created) {
            PoolStatus status = PoolStatusReader.justCreated(created.pool(), command.policy());
            return request.createResponseBuilder(HttpStatus.CREATED)
                    .header("Content-Type", "application/json")
                    .header("Location", location(instance, command, severalAccounts))
                    .body(PoolStatusJson.write(PoolStatusJson.status(status))).build();
        }
        if (outcome instanceof CreatePoolOutcome.AlreadyExists existing) {
            PoolStatus status = AppContext.services().poolStatusReader().statusOf(existing.pool())
                    .orElseThrow(() -> new IllegalStateException("a pool equal to a managed spec has a policy"));
            return PoolHttp.json(request, PoolStatusJson.status(status));
        }
        if (outcome instanceof CreatePoolOutcome.ConflictingSpec conflict) {
            ArrayNode differences = JsonNodeFactory.instance.arrayNode();
            for (SpecDifference d : conflict.differences()) {
                differences.addObject().put("field", d.field()).put("requested", d.requested()).put("existing", d.existing());
            }
            return PoolHttp.problem(request, Problem.conflict("Pool '" + command.poolId().poolName() + "' exists in "
                    + command.poolId().account() + " with another spec; " + conflict.differences().size()
                    + " field(s) differ: " + String.join(", ", conflict.differences().stream().map(SpecDifference::field).toList())
                    + ". Nothing was changed.", instance).with("differences", differences));
        }
        if (outcome instanceof CreatePoolOutcome.NotReady notReady) {
            return PoolHttp.problem(request, Problem.unprocessable("The image cannot back this pool now; "
                    + notReady.reasons().size() + " reason(s). Nothing was created.", instance)
                    .with("reasons", PoolStatusJson.reasons(notReady.reasons())));
        }
        CreatePoolOutcome.RefusedByBatch refused = (CreatePoolOutcome.RefusedByBatch) outcome;
        ObjectNode azureError = JsonNodeFactory.instance.objectNode()
                .put("status", refused.status()).put("code", refused.code()).put("message", refused.message());
        return PoolHttp.problem(request, Problem.unprocessable("Batch refused to create the pool (" + refused.code()
                + "). Nothing was created.", instance).with("azureError", azureError));
    }

    /** Where getPool answers for this pool; names the account when several are configured. */
    static String location(String createPath, CreatePoolCommand command, boolean severalAccounts) {
        String path = createPath.endsWith("/") ? createPath : createPath + "/";
        String location = path + command.poolId().poolName();
        return severalAccounts ? location + "?batchAccountId="
                + URLEncoder.encode(command.poolId().account().toString(), StandardCharsets.UTF_8) : location;
    }
}
