package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rollout part of getPool's answer: what a pipeline reads to learn why a pool is where it is. */
class PoolStatusJsonRolloutTest {

    @Test
    void aRefusedStepIsShownWithAzuresStatusCodeAndCountNotOnlyInTheDecisionText() {
        Refusal refused = new Refusal(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 400, "InvalidPropertyValue",
                Instant.parse("2026-11-26T10:00:00Z"), 1, "The image version does not exist.");
        RolloutState state = RolloutState.initial().withRefused(Optional.of(refused)).withDecision("on 1.0.0; Azure refused");

        JsonNode rollout = PoolStatusJson.rollout(new RolloutView.Known(state));

        JsonNode refusal = rollout.path("refusal");
        assertEquals("changeImage", refusal.path("step").asText());
        assertEquals("1.1.0", refusal.path("version").asText());
        assertEquals(400, refusal.path("status").asInt());
        assertEquals("InvalidPropertyValue", refusal.path("code").asText());
        assertEquals("2026-11-26T10:00:00Z", refusal.path("at").asText());
        assertEquals(1, refusal.path("count").asInt());
        assertEquals("The image version does not exist.", refusal.path("message").asText());
    }

    @Test
    void withoutARefusalTheMemberIsNull() {
        JsonNode rollout = PoolStatusJson.rollout(new RolloutView.Known(RolloutState.initial()));

        assertTrue(rollout.has("refusal"));
        assertTrue(rollout.path("refusal").isNull());
    }
}
