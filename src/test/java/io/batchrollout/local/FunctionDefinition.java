package io.batchrollout.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.lang.reflect.Method;
import java.util.Set;

/** One function as the host indexes it from the annotations: its name, the method it calls, and its trigger. */
record FunctionDefinition(String name, Method method, Trigger trigger) {

    sealed interface Trigger permits Http, EventGrid, Timer {
        /** The binding type as function.json spells it. */
        String bindingType();
    }

    /** @param methods empty means every method, as in the host */
    record Http(RouteTemplate route, Set<HttpMethod> methods, AuthorizationLevel authLevel) implements Trigger {
        @Override
        public String bindingType() {
            return "httpTrigger";
        }

        boolean allows(HttpMethod method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    record EventGrid() implements Trigger {
        @Override
        public String bindingType() {
            return "eventGridTrigger";
        }
    }

    /** @param schedule as annotated, {@code %SETTING%} references not yet resolved */
    record Timer(String schedule) implements Trigger {
        @Override
        public String bindingType() {
            return "timerTrigger";
        }
    }

    String entryPoint() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }
}
