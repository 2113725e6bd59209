package io.batchrollout.api;

import io.batchrollout.core.rollout.operator.OperatorAction;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the body of {@code POST /api/pools/{poolId}/rollout}: {@code {"action": "retry" | "pause" | "resume" | "rollback"}}. */
public final class RolloutActionRequestParser {
    static final Set<String> FIELDS = Set.of("action");
    private static final String ACTIONS = Arrays.stream(OperatorAction.values()).map(a -> "'" + a.wireName() + "'")
            .collect(Collectors.joining(", "));

    public BodyParse<OperatorAction> parse(Optional<String> contentType, String body) {
        return JsonObjectBody.parse(contentType, body, "an action", (object, fields) -> {
            fields.rejectUnknown(object, "#", FIELDS);
            return fields.string(object, "#", "action", true).flatMap(name -> {
                Optional<OperatorAction> action = OperatorAction.fromWireName(name);
                if (action.isEmpty()) {
                    fields.error("#/action", "must be one of " + ACTIONS + ", not '" + Texts.clip(name) + "'");
                }
                return action;
            });
        });
    }
}
