package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import io.batchrollout.api.BodyParse;
import io.batchrollout.api.ConfiguredAccounts;
import io.batchrollout.api.CreatePoolParse;
import io.batchrollout.api.FieldError;
import io.batchrollout.api.PoolStatusJson;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.port.AzureCallException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the pool functions share: header and query lookups, JSON answers, and the problems for refusals and Azure. */
final class PoolHttp {
    /** When Azure throttles without saying how long to wait. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    /** Azure may say 0 (retry at once); after the SDK's own retries failed, the client waits at least this. */
    static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MAX_AZURE_MESSAGE = 500;

    private PoolHttp() {
    }

    /** Header names compare ignoring case: the host lower-cases them, clients send any casing. */
    static Optional<String> header(HttpRequestMessage<?> request, String name) {
        return lookup(request.getHeaders(), name);
    }

    /** Query names compare ignoring case, as ASP.NET Core's query collection does. */
    static Optional<String> query(HttpRequestMessage<?> request, String name) {
        return lookup(request.getQueryParameters(), name);
    }

    static HttpResponseMessage json(HttpRequestMessage<?> request, JsonNode body) {
        return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
                .body(PoolStatusJson.write(body)).build();
    }

    static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        return ProblemResponses.of(request, problem);
    }

    /** 400, 413 or 415 for a createPool body that cannot become a command. */
    static HttpResponseMessage refusal(HttpRequestMessage<?> request, CreatePoolParse refused) {
        String instance = ProblemResponses.instance(request);
        Problem problem;
        if (refused instanceof CreatePoolParse.TooLarge tooLarge) {
            problem = Problem.of("content-too-large", "Content too large", 413, tooLarge.detail(), instance, List.of(), Optional.empty());
        } else if (refused instanceof CreatePoolParse.UnsupportedMediaType media) {
            problem = Problem.of("unsupported-media-type", "Unsupported media type", 415, media.detail(), instance, List.of(), Optional.empty());
        } else if (refused instanceof CreatePoolParse.Invalid invalid) {
            problem = invalid.errors().isEmpty() ? Problem.badRequest(invalid.detail(), instance)
                    : Problem.badRequest(invalid.detail(), instance, fields(invalid.errors()));
        } else {
            throw new IllegalArgumentException("not a refusal: " + refused);
        }
        return ProblemResponses.of(request, problem);
    }

    /** The same refusals for the small bodies of the operator actions and adopt. */
    static HttpResponseMessage refusal(HttpRequestMessage<?> request, BodyParse<?> refused) {
        if (refused instanceof BodyParse.TooLarge<?> tooLarge) {
            return refusal(request, new CreatePoolParse.TooLarge(tooLarge.detail()));
        } else if (refused instanceof BodyParse.UnsupportedMediaType<?> media) {
            return refusal(request, new CreatePoolParse.UnsupportedMediaType(media.detail()));
        } else if (refused instanceof BodyParse.Invalid<?> invalid) {
            return refusal(request, new CreatePoolParse.Invalid(invalid.detail(), invalid.errors()));
        }
        throw new IllegalArgumentException("not a refusal: " + refused);
    }

    /** The pool a {@code pools/{poolId}...} route names, or the 400 answering a bad pool id or batchAccountId. */
    record NamedPool(Optional<PoolId> id, Optional<HttpResponseMessage> refusal) {
    }

    /** {@code ?batchAccountId=} may be left out when one account is configured, as for getPool. */
    static NamedPool namedPool(HttpRequestMessage<?> request, String poolId) {
        String instance = ProblemResponses.instance(request);
        if (poolId == null || !PoolId.NAME.matcher(poolId).matches()) {
            return new NamedPool(Optional.empty(), Optional.of(problem(request, Problem.badRequest("The pool id must be 1 to 64 "
                    + "letters, digits, hyphens or underscores.", instance))));
        }
        ConfiguredAccounts.Resolution account = AppContext.services().configuredAccounts().resolve(query(request, "batchAccountId"));
        if (account instanceof ConfiguredAccounts.Resolution.Refused refused) {
            return new NamedPool(Optional.empty(), Optional.of(problem(request, Problem.badRequest("The query parameter "
                    + "batchAccountId " + refused.detail() + ".", instance))));
        }
        return new NamedPool(Optional.of(((ConfiguredAccounts.Resolution.Resolved) account).account().pool(poolId)), Optional.empty());
    }

    /** Reads a small JSON body; given the content type and the body text, the parse result. */
    @FunctionalInterface
    interface BodyParser<B> {
        BodyParse<B> parse(Optional<String> contentType, String body);
    }

    /** What a pool command does once its pool and body are valid; Azure's refusals are mapped by the caller. */
    @FunctionalInterface
    interface PoolCommand<B> {
        HttpResponseMessage run(PoolId pool, B body) throws AzureCallException;
    }

    /**
     * The shape of a {@code POST pools/{poolId}/...} command: refuse a bad pool id, account or body before Azure is
     * called, run the command, and answer Azure's refusals as {@link #azure} does.
     */
    static <B> HttpResponseMessage poolCommand(HttpRequestMessage<Optional<String>> request, String poolId,
                                               ExecutionContext context, BodyParser<B> parser, PoolCommand<B> command) {
        NamedPool pool = namedPool(request, poolId);
        if (pool.refusal().isPresent()) {
            return pool.refusal().get();
        }
        BodyParse<B> parsed = parser.parse(header(request, "Content-Type"), request.getBody().orElse(null));
        if (!(parsed instanceof BodyParse.Accepted<B> accepted)) {
            return refusal(request, parsed);
        }
        try {
            return command.run(pool.id().get(), accepted.value());
        } catch (AzureCallException e) {
            return azure(request, context, e);
        }
    }

    /** Throttled after the pipeline's retries: 503 with Retry-After. Anything else Azure refused: 502 naming its code. */
    static HttpResponseMessage azure(HttpRequestMessage<?> request, ExecutionContext context, AzureCallException e) {
        String instance = ProblemResponses.instance(request);
        context.getLogger().warning(request.getHttpMethod() + " " + instance + ": Azure answered " + e.status() + " " + e.code()
                + ": " + e.getMessage());
        if (e instanceof AzureCallException.Throttled throttled) {
            return problem(request, Problem.unavailable("Azure is throttling this app (" + e.code() + ") after its own retries; "
                    + "try again later.", instance, retryAfter(throttled)));
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.length() > MAX_AZURE_MESSAGE) {
            message = message.substring(0, MAX_AZURE_MESSAGE) + "...";
        }
        return problem(request, Problem.of("azure-error", "Bad gateway", 502, "Azure refused a call this request needs: "
                + e.code() + " (HTTP " + e.status() + "): " + message, instance, List.of(), Optional.empty()));
    }

    static Duration retryAfter(AzureCallException.Throttled throttled) {
        Duration azure = throttled.retryAfter().orElse(DEFAULT_RETRY_AFTER);
        return azure.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : azure;
    }

    /** The problem's {@code errors} for a parser's field errors, pointers and details as they are. */
    static List<Problem.InvalidField> fields(List<FieldError> errors) {
        return errors.stream().map(e -> new Problem.InvalidField(e.pointer(), e.detail())).toList();
    }

    private static Optional<String> lookup(Map<String, String> values, String name) {
        if (values == null) {
            return Optional.empty();
        }
        return values.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).filter(v -> v != null).findFirst();
    }
}
