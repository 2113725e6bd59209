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

/** The pool API: create, read and list the pools this app manages. The host makes a new instance per call. */
public class PoolFunctions {
    public static final String CREATE_POOL = "createPool";
    public static final String GET_POOL = "getPool";
    public static final String LIST_POOLS = "listPools";

    @FunctionName(CREATE_POOL)
    public HttpResponseMessage createPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "pools",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Unimplemented.answer(CREATE_POOL, request, context, PlannedIssue.CREATE_POOL);
    }

    @FunctionName(GET_POOL)
    public HttpResponseMessage getPool(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "pools/{poolId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("poolId") String poolId,
            ExecutionContext context) {
        return Unimplemented.answer(GET_POOL, request, context, PlannedIssue.GET_POOL);
    }

    @FunctionName(LIST_POOLS)
    public HttpResponseMessage listPools(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "pools",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Unimplemented.answer(LIST_POOLS, request, context, PlannedIssue.LIST_POOLS);
    }
}
