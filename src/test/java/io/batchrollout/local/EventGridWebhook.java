package io.batchrollout.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.functions.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /runtime/webhooks/EventGrid?functionName={name}}, the endpoint the host's Event Grid extension serves
 * for every {@code @EventGridTrigger} function (modelled on the extension's HttpRequestProcessor):
 * <ul>
 * <li>{@code aeg-event-type: SubscriptionValidation}: answers the handshake itself, 200
 *     {@code {"validationResponse": code}}; the code is {@code [0].data.validationCode} of an Event Grid schema array
 *     or {@code data.validationCode} of a CloudEvent (whose data may arrive as a JSON string);</li>
 * <li>{@code OPTIONS}: the CloudEvents abuse-protection handshake, 200 with {@code WebHook-Allowed-Origin};</li>
 * <li>{@code Notification}: the function once per event (an array is split; one object is one event), then 202 when
 *     all succeeded. The host answers 500 with the exception's message for any failure; here a 500 problem;</li>
 * <li>{@code Unsubscribe}: 202; no or another header: 400.</li>
 * </ul>
 */
final class EventGridWebhook {
    static final String PATH = "/runtime/webhooks/EventGrid";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_CLOUD_ORIGIN = "eventgrid.azure.net";
    private static final Set<String> EVENT_GRID_ORIGINS = Set.of(PUBLIC_CLOUD_ORIGIN, "eventgrid.azure.us", "eventgrid.azure.cn",
            "eventgrid.azure.eaglex.ic.gov", "eventgrid.azure.microsoft.scloud");

    private final FunctionCatalog catalog;
    private final FunctionHost host;
    private final Console console;

    EventGridWebhook(FunctionCatalog catalog, FunctionHost host, Console console) {
        this.catalog = catalog;
        this.host = host;
        this.console = console;
    }

    HostResponse handle(HostRequest request) {
        String instance = request.uri().getRawPath();
        String name = request.queryParameter("functionName").orElse("");
        Optional<FunctionDefinition> function = catalog.find(name).filter(f -> f.trigger() instanceof FunctionDefinition.EventGrid);
        if (function.isEmpty()) {
            List<String> available = catalog.all().stream().filter(f -> f.trigger() instanceof FunctionDefinition.EventGrid)
                    .map(FunctionDefinition::name).toList();
            return HostResponse.problem(Problem.notFound("cannot find function: '" + name + "', available function names: "
                    + available, instance));
        }
        if (request.method().equals("OPTIONS")) {
            String origin = request.header("WebHook-Request-Origin").filter(EVENT_GRID_ORIGINS::contains).orElse(PUBLIC_CLOUD_ORIGIN);
            return HostResponse.empty(200).withHeader("WebHook-Allowed-Origin", origin);
        }
        if (!request.method().equals("POST")) {
            return HostResponse.problem(Problem.methodNotAllowed("Event Grid delivers with POST (or OPTIONS for the "
                    + "CloudEvents handshake), not " + request.method() + ".", instance)).withHeader("Allow", "POST, OPTIONS");
        }
        String eventType = request.header("aeg-event-type").orElse("").toLowerCase(Locale.ROOT);
        JsonNode body;
        try {
            body = eventType.equals("unsubscribe") || eventType.isEmpty() ? null : JSON.readTree(request.bodyText());
        } catch (Exception e) {
            return badRequest("the body is not JSON: " + e.getMessage(), instance);
        }
        return switch (eventType) {
            case "subscriptionvalidation" -> validate(function.get(), body, instance);
            case "notification" -> notify(function.get(), body, instance);
            case "unsubscribe" -> HostResponse.empty(202);
            default -> badRequest("the aeg-event-type header is '" + request.header("aeg-event-type").orElse("")
                    + "'; Event Grid sends SubscriptionValidation, Notification or Unsubscribe", instance);
        };
    }

    private HostResponse validate(FunctionDefinition function, JsonNode body, String instance) {
        JsonNode data = body == null ? null : body.isArray() ? body.path(0).path("data") : body.path("data");
        try {
            if (data != null && data.isTextual()) {
                data = JSON.readTree(data.asText());
            }
        } catch (Exception e) {
            data = null;
        }
        if (data == null || !data.path("validationCode").isTextual()) {
            return badRequest("a SubscriptionValidation event carries data.validationCode", instance);
        }
        String code = data.path("validationCode").asText();
        console.line("Event Grid handshake for " + function.name() + ": validationCode " + code);
        return HostResponse.json(200, JSON.createObjectNode().put("validationResponse", code).toString());
    }

    private HostResponse notify(FunctionDefinition function, JsonNode body, String instance) {
        List<JsonNode> events = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(events::add);
        } else if (body.isObject()) {
            events.add(body);
        } else {
            return badRequest("a notification is a JSON array of events or one CloudEvent object", instance);
        }
        console.line("Event Grid delivered " + events.size() + " event(s) to " + function.name());
        List<FunctionHost.Outcome> outcomes = new ArrayList<>();
        for (JsonNode event : events) {
            outcomes.add(host.invokeWithString(function, "Event Grid notification", event.toString()));
        }
        HostResponse answer = outcomes.stream().filter(o -> o instanceof FunctionHost.Failed).findFirst()
                .map(o -> FunctionHost.failure(o, instance))
                .orElse(HostResponse.empty(202));
        console.line("Event Grid delivery to " + function.name() + " answered " + answer.status()
                + (answer.status() == 202 ? " (acknowledged)" : " (Event Grid will redeliver)"));
        return answer;
    }

    private static HostResponse badRequest(String detail, String instance) {
        return HostResponse.problem(Problem.badRequest(detail, instance));
    }
}
