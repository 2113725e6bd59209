package io.batchrollout.local;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.batchrollout.functions.Problem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Calls function methods the way the Java worker does: a new instance of the class per call, parameters bound by
 * their annotations (trigger, {@link BindingName}, ExecutionContext), the function's exception reported as a failed
 * invocation. Prints the host's "Executing / Executed" lines and records each invocation.
 */
final class FunctionHost {
    private final Console console;
    private final InvocationLog log;

    FunctionHost(Console console, InvocationLog log) {
        this.console = console;
        this.log = log;
    }

    /** What came of one invocation. */
    sealed interface Outcome permits Succeeded, Failed {
    }

    record Succeeded(Object returned) implements Outcome {
    }

    record Failed(Throwable error) implements Outcome {
    }

    /** Runs an HTTP function and turns what it returned or threw into the response on the wire. */
    HostResponse invokeHttp(FunctionDefinition function, HostRequest request, Map<String, String> routeValues) {
        HttpMethod method = HttpMethod.value(request.method());
        Outcome outcome = invoke(function, "HTTP " + request.method() + " " + request.uri().getRawPath(), routeValues,
                parameter -> new LocalHttpRequest<>(request.uri(), method, request.flatHeaders(), request.query(),
                        body(parameter, request.body())));
        String instance = request.uri().getRawPath();
        if (outcome instanceof Succeeded s && s.returned() instanceof HttpResponseMessage response) {
            if (response instanceof LocalHttpResponse local) {
                return HostResponse.from(local);
            }
            return HostResponse.problem(Problem.internalError(function.name() + " returned an HttpResponseMessage it did not "
                    + "build with request.createResponseBuilder(...)", instance));
        }
        if (outcome instanceof Succeeded) {
            return HostResponse.problem(Problem.internalError(function.name() + " returned no HttpResponseMessage", instance));
        }
        return failure(outcome, instance);
    }

    /** Runs a function whose trigger binds a String (Event Grid event, timer info). */
    Outcome invokeWithString(FunctionDefinition function, String reason, String triggerValue) {
        return invoke(function, reason, Map.of(), parameter -> triggerValue);
    }

    /** The problem for a failed outcome: 500, as the host answers for a function that threw. */
    static HostResponse failure(Outcome outcome, String instance) {
        Throwable error = outcome instanceof Failed f ? f.error() : new IllegalStateException("no failure");
        return HostResponse.problem(Problem.internalError("the function failed: " + error, instance));
    }

    private interface TriggerValue {
        Object forParameter(Parameter parameter);
    }

    private Outcome invoke(FunctionDefinition function, String reason, Map<String, String> bindingData, TriggerValue trigger) {
        LocalExecutionContext context = new LocalExecutionContext(function.name(), console);
        String id = context.getInvocationId();
        console.line("Executing 'Functions." + function.name() + "' (Reason='" + reason + "', Id=" + id + ")");
        long start = System.nanoTime();
        Outcome outcome;
        try {
            Method method = function.method();
            Object[] arguments = arguments(method, context, bindingData, trigger);
            Object target = Modifier.isStatic(method.getModifiers()) ? null
                    : method.getDeclaringClass().getDeclaredConstructor().newInstance();
            outcome = new Succeeded(method.invoke(target, arguments));
        } catch (InvocationTargetException e) {
            outcome = new Failed(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            outcome = new Failed(e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        InvocationLog.Result result = outcome instanceof Succeeded ? InvocationLog.Result.SUCCEEDED : InvocationLog.Result.FAILED;
        String message = outcome instanceof Failed f ? String.valueOf(f.error()) : "";
        console.line("Executed 'Functions." + function.name() + "' (" + (result == InvocationLog.Result.SUCCEEDED ? "Succeeded" : "Failed")
                + ", Id=" + id + ", Duration=" + took.toMillis() + "ms)" + (message.isEmpty() ? "" : ": " + message));
        if (outcome instanceof Failed f) {
            f.error().printStackTrace(System.err);
        }
        log.add(new InvocationLog.Invocation(function.name(), id, reason, result, message, context.loggedLines(), took));
        return outcome;
    }

    private static Object[] arguments(Method method, ExecutionContext context, Map<String, String> bindingData, TriggerValue trigger) {
        Parameter[] parameters = method.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (ExecutionContext.class.isAssignableFrom(p.getType())) {
                arguments[i] = context;
            } else if (p.isAnnotationPresent(HttpTrigger.class) || p.isAnnotationPresent(EventGridTrigger.class)
                    || p.isAnnotationPresent(TimerTrigger.class)) {
                arguments[i] = trigger.forParameter(p);
            } else if (p.isAnnotationPresent(BindingName.class) && p.getType() == String.class) {
                arguments[i] = bindingData.get(p.getAnnotation(BindingName.class).value());
            } else {
                throw new IllegalStateException("the local runner cannot bind parameter '" + p.getName() + "' of " + method
                        + ": it binds the trigger, ExecutionContext and @BindingName Strings");
            }
        }
        return arguments;
    }

    /**
     * The body in the type the function declared, as the worker converts it: {@code HttpRequestMessage<Optional<String>>}
     * gets empty for no body, {@code byte[]} the bytes, anything else the text.
     */
    private static Object body(Parameter parameter, byte[] body) {
        Type declared = parameter.getParameterizedType() instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
        boolean optional = declared instanceof ParameterizedType opt && opt.getRawType() == Optional.class;
        Type inner = optional ? ((ParameterizedType) declared).getActualTypeArguments()[0] : declared;
        Object value = body.length == 0 ? null : inner == byte[].class ? body : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return optional ? Optional.ofNullable(value) : value;
    }
}
