package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Fault rules over HTTP, for demos and black-box tests: {@code POST /_sim/faults} adds one (JSON body, see
 * README), {@code GET /_sim/faults} lists those in force, {@code DELETE /_sim/faults} clears them all and
 * {@code DELETE /_sim/faults/{id}} one. A rule that cannot be understood is refused whole (400, every field at
 * fault named) and changes nothing.
 */
final class FaultControls {
    private static final Set<String> FIELDS = Set.of("operation", "status", "code", "message", "retryAfterSeconds",
            "latencyMs", "every", "probability", "seed", "count", "forSeconds", "forRealSeconds");
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,99}");
    private static final long MAX_LATENCY_MS = 60_000; // a delayed request holds one of the server's threads
    private static final Map<Integer, String> CODES = Map.ofEntries(Map.entry(400, "BadRequest"),
            Map.entry(401, "AuthenticationFailed"), Map.entry(403, "AuthorizationFailed"), Map.entry(404, "NotFound"),
            Map.entry(408, "RequestTimeout"), Map.entry(409, "Conflict"), Map.entry(412, "PreconditionFailed"),
            Map.entry(429, "TooManyRequests"), Map.entry(500, "InternalServerError"), Map.entry(502, "BadGateway"),
            Map.entry(503, "ServiceUnavailable"), Map.entry(504, "GatewayTimeout"));

    private final FaultInjector faults;
    private final Supplier<Set<String>> operations;
    private final SimClock clock;

    FaultControls(FaultInjector faults, Supplier<Set<String>> operations, SimClock clock) {
        this.faults = faults;
        this.operations = operations;
        this.clock = clock;
    }

    void register(Router controls) {
        controls.add("POST", "/_sim/faults", "Sim_Faults_Add", this::add)
                .add("GET", "/_sim/faults", "Sim_Faults_List", request -> SimResponse.ok(list()))
                .add("DELETE", "/_sim/faults", "Sim_Faults_Clear", request -> {
                    int cleared = faults.rules(clock.now()).size();
                    faults.clear();
                    return SimResponse.ok(SimServer.JSON.createObjectNode().put("cleared", cleared));
                })
                .add("DELETE", "/_sim/faults/{id}", "Sim_Faults_Remove", request -> {
                    if (!faults.remove(request.param("id"))) {
                        throw new ControlProblem(404, "FaultRuleNotFound", "No fault rule '" + request.param("id")
                                + "' is in force (it may have run out); GET /_sim/faults lists them.", List.of());
                    }
                    return SimResponse.empty(204);
                });
    }

    private SimResponse add(SimRequest request) {
        JsonNode body = request.body();
        if (body == null || !body.isObject()) {
            throw ControlProblem.invalid("A fault rule is a JSON object",
                    List.of(new ControlProblem.FieldError("body", "expected a JSON object such as "
                            + "{\"operation\": \"Pool_Get\", \"status\": 429, \"retryAfterSeconds\": 5, \"count\": 3}")));
        }
        Parsed parsed = new Parsed(body);
        FaultRule.View rule = parsed.build();
        ObjectNode answer = render(rule);
        return SimResponse.of(201, answer).withHeader("Location", "/_sim/faults/" + rule.id());
    }

    private ObjectNode list() {
        ObjectNode body = SimServer.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        faults.rules(clock.now()).forEach(r -> value.add(render(r)));
        return body;
    }

    /** One body's fields, checked together so that a refusal names everything wrong with it. */
    private final class Parsed {
        private final JsonNode body;
        private final List<ControlProblem.FieldError> errors = new ArrayList<>();

        Parsed(JsonNode body) {
            this.body = body;
            body.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    error(name, "unknown field; a rule has " + String.join(", ", FIELDS.stream().sorted().toList()));
                }
            });
        }

        FaultRule.View build() {
            String operation = operation();
            Optional<Long> status = integer("status", 400, 599);
            Optional<String> code = text("code", 100).filter(c -> {
                boolean valid = CODE.matcher(c).matches();
                if (!valid) {
                    error("code", "letters, digits and dots, starting with a letter, e.g. \"TooManyRequests\"");
                }
                return valid;
            });
            Optional<String> message = text("message", 1000);
            Optional<Long> retryAfter = integer("retryAfterSeconds", 0, 86_400);
            Optional<Long> latency = integer("latencyMs", 0, MAX_LATENCY_MS);
            if (!body.has("status")) {
                for (String dependent : List.of("code", "message", "retryAfterSeconds")) {
                    if (body.has(dependent)) {
                        error(dependent, "belongs to an error answer: give a status too");
                    }
                }
                if (!body.has("latencyMs")) {
                    error("status", "a rule answers with a status (400 to 599), delays with latencyMs, or both");
                }
            }
            FaultRule.Rate rate = rate();
            Optional<Long> count = integer("count", 1, 1_000_000);
            Optional<Duration> simulated = seconds("forSeconds", 366L * 24 * 3600);
            Optional<Duration> real = seconds("forRealSeconds", 24 * 3600);
            if (!errors.isEmpty()) {
                throw ControlProblem.invalid("The fault rule was refused and nothing changed", errors);
            }
            Optional<FaultInjector.ErrorAnswer> error = status.map(s -> {
                String c = code.orElse(CODES.getOrDefault(s.intValue(), "SimulatedFault"));
                return new FaultInjector.ErrorAnswer(s.intValue(), c, message.orElse("The simulated Azure answered "
                        + s + " " + c + " on purpose (a scripted fault)."), retryAfter.map(Duration::ofSeconds));
            });
            FaultInjector.Fault fault = new FaultInjector.Fault.Scripted(Duration.ofMillis(latency.orElse(0L)), error);
            return faults.add(operation, fault, rate, new FaultRule.Lifetime(count, simulated, real), clock.now());
        }

        private String operation() {
            Optional<String> given = text("operation", 200);
            if (given.isEmpty()) {
                if (!body.has("operation")) {
                    error("operation", "required: an operation as GET /_sim/requests names it (e.g. Pool_Get), or \"*\" for all");
                }
                return "*";
            }
            if (given.get().equals("*")) {
                return "*";
            }
            Set<String> known = operations.get();
            Optional<String> canonical = known.stream().filter(o -> o.equalsIgnoreCase(given.get())).findFirst();
            if (canonical.isEmpty()) {
                error("operation", "'" + given.get() + "' is not an operation of the simulator; known: " + String.join(", ", known));
            }
            return canonical.orElse(given.get());
        }

        private FaultRule.Rate rate() {
            Optional<Long> every = integer("every", 1, 1_000_000);
            Optional<Double> probability = number("probability", 0, 1).filter(p -> {
                if (p <= 0) {
                    error("probability", "must be above 0 (a rule that never fires is no rule)");
                }
                return p > 0;
            });
            Optional<Long> seed = body.has("seed") ? integer("seed", Long.MIN_VALUE, Long.MAX_VALUE) : Optional.empty();
            if (body.has("every") && body.has("probability")) {
                error("every", "give every or probability, not both");
            }
            if (body.has("seed") && !body.has("probability")) {
                error("seed", "seeds the probability: give a probability too");
            }
            if (probability.isPresent()) {
                return new FaultRule.Rate.Probability(probability.get(), seed.orElse(System.nanoTime()));
            }
            return every.<FaultRule.Rate>map(n -> new FaultRule.Rate.EveryNth(n.intValue())).orElse(FaultRule.Rate.always());
        }

        private Optional<String> text(String field, int maxLength) {
            JsonNode node = body.get(field);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
                error(field, "a non-empty string of at most " + maxLength + " characters");
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private Optional<Long> integer(String field, long min, long max) {
            JsonNode node = body.get(field);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
                error(field, "a whole number from " + min + " to " + max + ", was " + node);
                return Optional.empty();
            }
            return Optional.of(node.asLong());
        }

        private Optional<Double> number(String field, double min, double max) {
            JsonNode node = body.get(field);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
                error(field, "a number from " + min + " to " + max + ", was " + node);
                return Optional.empty();
            }
            return Optional.of(node.asDouble());
        }

        private Optional<Duration> seconds(String field, long max) {
            return number(field, 0, max).filter(s -> {
                if (s <= 0) {
                    error(field, "must be above 0 seconds");
                }
                return s > 0;
            }).map(s -> Duration.ofNanos(Math.round(s * 1e9)));
        }

        private void error(String field, String detail) {
            errors.add(new ControlProblem.FieldError(field, detail));
        }
    }

    static ObjectNode render(FaultRule.View rule) {
        ObjectNode node = SimServer.JSON.createObjectNode().put("id", rule.id()).put("operation", rule.operation());
        Duration delay = FaultInjector.delayOf(rule.fault());
        FaultInjector.errorOf(rule.fault()).ifPresent(e -> {
            node.put("status", e.status()).put("code", e.code()).put("message", e.getMessage());
            Optional.ofNullable(e.headers().get("Retry-After")).ifPresent(v -> node.put("retryAfterSeconds", Long.parseLong(v)));
        });
        node.put("latencyMs", delay.toMillis());
        if (rule.rate() instanceof FaultRule.Rate.EveryNth every) {
            node.put("every", every.n());
        } else if (rule.rate() instanceof FaultRule.Rate.Probability p) {
            node.put("probability", p.probability()).put("seed", p.seed());
        } else {
            node.put("every", 1);
        }
        rule.lifetime().count().ifPresent(c -> node.put("count", c));
        rule.lifetime().simulated().ifPresent(d -> node.put("forSeconds", d.toMillis() / 1000.0));
        rule.lifetime().real().ifPresent(d -> node.put("forRealSeconds", d.toMillis() / 1000.0));
        node.put("seen", rule.seen()).put("fired", rule.fired());
        rule.remaining().ifPresent(r -> node.put("remaining", r));
        rule.simulatedUntil().ifPresent(t -> node.put("simulatedUntil", t.toString()));
        if (rule.lifetime().count().isEmpty() && rule.lifetime().simulated().isEmpty() && rule.lifetime().real().isEmpty()) {
            node.put("until", "cleared");
        }
        return node;
    }
}
