package io.batchrollout.functions;

import static io.batchrollout.functions.RolloutApi.inPhase;
import static io.batchrollout.functions.RolloutApi.stableOn;
import static io.batchrollout.functions.RolloutApi.tracking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.FaultInjector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/pools/{poolId}/rollout end to end: the local runner, the app's own reconciler, the simulated clock. */
class RolloutActionFunctionTest {
    static RolloutApi api;

    @BeforeAll
    static void start() {
        api = new RolloutApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @AfterEach
    void clearFaults() {
        api.runner.sim().faults().clear();
    }

    @Test
    void pauseStopsARolloutMidwayGetPoolShowsItAndResumeFinishesIt() throws Exception {
        ImageDefinitionId image = api.definition("op-pause");
        api.pool("op-pause", image, 2, Optional.of(tracking(image)));
        api.addVersion(image, "1.1.0");
        api.passUntil("op-pause", inPhase(RolloutPhase.DRAINING), 3);

        JsonNode draining = api.getJson("/api/pools/op-pause").path("rollout");
        assertEquals("Draining", draining.path("phase").asText(), draining.toString());
        assertEquals("1.1.0", draining.path("targetVersion").asText());
        assertEquals(image.version("1.0.0").toString(), draining.path("previousImageId").asText());
        assertEquals("1.0.0", draining.path("previousVersion").asText());
        assertTrue(draining.path("lastDecision").asText().startsWith("drain to roll from 1.0.0 to 1.1.0"), draining.toString());
        assertFalse(draining.path("since").isNull());
        assertEquals(1, draining.path("attempts").asInt());

        JsonNode paused = api.ok(api.action("op-pause", "pause"));
        assertEquals("Draining", paused.path("rolloutPhase").asText());
        assertTrue(paused.path("rollout").path("paused").asBoolean());
        assertEquals("operator: pause in phase DRAINING; passes take no step until resumed",
                paused.path("rollout").path("lastDecision").asText());
        long writes = api.successfulWrites("op-pause");
        for (int i = 0; i < 10; i++) {
            AppContext.services().rolloutEngine().reconcileAll();
            api.runner.sim().advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, api.successfulWrites("op-pause"), "a paused pool takes no step");
        assertTrue(api.get("op-pause").imageReferenceId().endsWith("/versions/1.0.0"), "its image is not changed");
        assertTrue(api.get("op-pause").isSteadyAndEmpty(), "the drain already asked of Batch still completes");

        assertFalse(api.ok(api.action("op-pause", "resume")).path("rollout").path("paused").asBoolean());
        api.passUntil("op-pause", stableOn("1.1.0"), 60);
        assertEquals(2, api.get("op-pause").currentDedicatedNodes());
    }

    @Test
    void rollbackMidRolloutReturnsToThePreviousVersionAndRetryThenLetsTheRejectedVersionRoll() throws Exception {
        ImageDefinitionId image = api.definition("op-back");
        api.pool("op-back", image, 2, Optional.of(tracking(image)));
        api.addVersion(image, "1.1.0");
        api.passUntil("op-back", inPhase(RolloutPhase.VERIFYING), 30);
        assertTrue(api.get("op-back").imageReferenceId().endsWith("/versions/1.1.0"));

        JsonNode back = api.ok(api.action("op-back", "rollback"));
        assertEquals("RollingBack", back.path("rolloutPhase").asText());
        assertEquals(List.of("1.1.0"), List.of(back.path("rollout").path("rejectedVersions").get(0).asText()));
        api.passUntil("op-back", stableOn("1.0.0"), 60);
        assertEquals(new ScaleSettings.FixedScale(2, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                api.get("op-back").scaleSettings(), "the saved capacity is restored");
        assertEquals(2, api.get("op-back").currentDedicatedNodes());
        long writes = api.successfulWrites("op-back");
        for (int i = 0; i < 3; i++) {
            AppContext.services().rolloutEngine().reconcileAll();
            api.runner.sim().advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, api.successfulWrites("op-back"), "the rolled-back version is not tried again by itself");

        JsonNode nothing = api.problem(api.action("op-back", "rollback"), 409);
        assertTrue(nothing.path("detail").asText().contains("nothing to roll back"), nothing.toString());

        JsonNode retried = api.ok(api.action("op-back", "retry"));
        assertEquals(0, retried.path("rollout").path("rejectedVersions").size());
        api.passUntil("op-back", stableOn("1.1.0"), 60);
        assertEquals(2, api.state("op-back").attempts(), "the second rollout of 1.1.0 on this pool");
    }

    @Test
    void aPoolChangedBetweenTheReadAndTheWriteAnswers409AndNothingIsWritten() throws Exception {
        ImageDefinitionId image = api.definition("op-stale");
        api.pool("op-stale", image, 0, Optional.of(tracking(image)));
        api.runner.sim().faults().add("Pool_Update", new FaultInjector.Fault.ServerError(412, "ConditionNotMet"), 1);

        JsonNode conflict = api.problem(api.action("op-stale", "pause"), 409);

        assertTrue(conflict.path("detail").asText().startsWith("The pool changed meanwhile, retry"), conflict.toString());
        assertFalse(api.state("op-stale").paused());
        assertTrue(api.ok(api.action("op-stale", "pause")).path("rollout").path("paused").asBoolean(), "a retry succeeds");
    }

    @Test
    void badBodiesAre400Or413Or415AndWriteNothing() throws Exception {
        ImageDefinitionId image = api.definition("op-bad");
        api.pool("op-bad", image, 0, Optional.of(tracking(image)));
        long writes = api.runner.sim().requests().writes();
        String path = "/api/pools/op-bad/rollout";

        JsonNode unknown = api.problem(api.post(path, "application/json", "{\"action\":\"pause\",\"force\":true}"), 400);
        assertEquals("#/force", unknown.path("errors").get(0).path("pointer").asText());
        JsonNode wrongType = api.problem(api.post(path, "application/json", "{\"action\":1}"), 400);
        assertTrue(wrongType.path("errors").get(0).path("detail").asText().contains("must be a string"), wrongType.toString());
        JsonNode wrongAction = api.problem(api.post(path, "application/json", "{\"action\":\"reboot\"}"), 400);
        assertTrue(wrongAction.path("errors").get(0).path("detail").asText().startsWith("must be one of 'retry', 'pause', "
                + "'resume', 'rollback'"), wrongAction.toString());
        api.problem(api.post(path, "application/json", "{\"action\":\"pause\",\"action\":\"resume\"}"), 400);
        api.problem(api.post(path, "application/json", "{}"), 400);
        api.problem(api.post(path, "application/json", "[\"pause\"]"), 400);
        api.problem(api.post(path, "application/json", "pause"), 400);
        api.problem(api.post(path, "text/plain", "{\"action\":\"pause\"}"), 415);
        api.problem(api.post(path, "application/json", "{\"action\":\"" + "x".repeat(70_000) + "\"}"), 413);
        api.problem(api.post("/api/pools/op%20bad/rollout", "application/json", "{\"action\":\"pause\"}"), 400);

        assertEquals(writes, api.runner.sim().requests().writes(), "no write for any refused body");
        assertFalse(api.state("op-bad").paused());
    }

    @Test
    void poolsNotManagedByTheAppAndMissingPoolsAre404() throws Exception {
        ImageDefinitionId image = api.definition("op-unmanaged");
        api.pool("op-unmanaged", image, 0, Optional.empty());

        api.problem(api.action("op-unmanaged", "pause"), 404);
        api.problem(api.action("op-nowhere", "pause"), 404);
        assertEquals(List.of("team"), api.get("op-unmanaged").metadata().stream().map(m -> m.name()).toList());
    }
}
