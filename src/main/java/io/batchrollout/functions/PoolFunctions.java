package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.batchrollout.api.CreatePoolParse;
import io.batchrollout.core.pools.CreatePoolOutcome;
import io.batchrollout.api.PoolStatusJson;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.pools.InvalidContinuationException;
import io.batchrollout.core.pools.ManagedPoolPage;
import io.batchrollout.core.pools.PoolStatus;
import io.batchrollout.port.AzureCallException;
import java.util.Optional;

/** The pool API: create, read and list the pools this app manages. The host makes a new instance per call. */
public class PoolFunctions {
    public static final String CREATE_POOL = "createPool";
    public static final String GET_POOL = "getPool";
    public static final String LIST_POOLS = "listPools";

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;

    /** Bodies are read and refused here, before anything reaches Azure; valid ones go through the readiness gate. */
    @FunctionName(CREATE_POOL)
    public HttpResponseMessage createPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "pools",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        CreatePoolParse parsed = AppContext.services().createPoolRequestParser()
                .parse(PoolHttp.header(request, "Content-Type"), request.getBody().orElse(null));
        if (!(parsed instanceof CreatePoolParse.Accepted accepted)) {
            return PoolHttp.refusal(request, parsed);
        }
        try {
            CreatePoolOutcome outcome = AppContext.services().poolCreator().create(accepted.command());
            context.getLogger().info("createPool " + accepted.command().poolId() + ": " + outcome.getClass().getSimpleName());
            return CreatePoolHttp.answer(request, accepted.command(), outcome, AppContext.settings().soleAccount().isEmpty());
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }

    @FunctionName(GET_POOL)
    public HttpResponseMessage getPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "pools/{poolId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("poolId") String poolId,
            ExecutionContext context) {
        String instance = ProblemResponses.instance(request);
        PoolHttp.NamedPool named = PoolHttp.namedPool(request, poolId);
        if (named.refusal().isPresent()) {
            return named.refusal().get();
        }
        PoolId id = named.id().get();
        try {
            Optional<PoolStatus> status = AppContext.services().poolStatusReader().read(id);
            return status.map(s -> PoolHttp.json(request, PoolStatusJson.status(s))).orElseGet(() -> PoolHttp.problem(request,
                    Problem.notFound("No pool '" + poolId + "' managed by this app in " + id.account() + ".", instance)));
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }

    /** {@code ?pageSize=} 1 to 100 (default 50) and {@code ?continuationToken=} from the previous page. */
    @FunctionName(LIST_POOLS)
    public HttpResponseMessage listPools(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "pools",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        String instance = ProblemResponses.instance(request);
        Optional<Integer> pageSize = pageSize(PoolHttp.query(request, "pageSize"));
        if (pageSize.isEmpty()) {
            return PoolHttp.problem(request, Problem.badRequest("The query parameter pageSize must be a whole number from 1 to "
                    + MAX_PAGE_SIZE + ".", instance));
        }
        try {
            ManagedPoolPage page = AppContext.services().poolStatusReader().list(AppContext.services().configuredAccounts().all(),
                    PoolHttp.query(request, "continuationToken"), pageSize.get());
            return PoolHttp.json(request, PoolStatusJson.page(page, instance, pageSize.get()));
        } catch (InvalidContinuationException e) {
            return PoolHttp.problem(request, Problem.badRequest(e.getMessage(), instance));
        } catch (AzureCallException e) {
            return PoolHttp.azure(request, context, e);
        }
    }

    private static Optional<Integer> pageSize(Optional<String> raw) {
        if (raw.isEmpty()) {
            return Optional.of(DEFAULT_PAGE_SIZE);
        }
        String text = raw.get();
        if (!text.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        int size = Integer.parseInt(text);
        return size >= 1 && size <= MAX_PAGE_SIZE ? Optional.of(size) : Optional.empty();
    }
}
