package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A version Azure reported for a policy violation is never rolled: the pool rests BLOCKED on the version it has. */
class ImageSafetyRolloutSimTest extends RolloutWorldTest {

    private static void passes(ImageDefinitionId image, int count) {
        for (int i = 0; i < count; i++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void aFlaggedVersionBlocksATrackedPoolsRolloutWithItsReasonAndChangesNothing() {
        ImageDefinitionId image = world.definition("flagged");
        world.pool("flagged", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "ImageFlaggedUnsafe", "malware found");

        passes(image, 5);

        Pool pool = world.get("flagged");
        assertTrue(pool.imageReferenceId().endsWith("/versions/1.0.0"), pool.imageReferenceId());
        assertEquals(2, pool.currentDedicatedNodes(), "no drain");
        assertEquals(0, world.imageChanges("flagged"));
        RolloutState state = world.state("flagged");
        assertEquals(RolloutPhase.BLOCKED, state.phase());
        String decision = state.lastDecision().orElseThrow();
        assertTrue(decision.contains("policy violation") && decision.contains("ImageFlaggedUnsafe"), decision);
        assertEquals(1, world.successfulWrites("flagged"), "blocked once, not rewritten every pass");
    }

    @Test
    void aBlueGreenPoolCreatesNoCandidateOnAFlaggedVersion() {
        ImageDefinitionId image = world.definition("flagged-bg");
        world.pool("flagged-bg", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "CopyrightValidation", "not ours");
        long creates = world.sim.requests().count("Pool_Create");

        passes(image, 5);

        assertEquals(creates, world.sim.requests().count("Pool_Create"), "no candidate pool");
        assertEquals(RolloutPhase.BLOCKED, world.state("flagged-bg").phase());
    }

    @Test
    void onceTheReportIsWithdrawnTheVersionRollsAsBefore() {
        ImageDefinitionId image = world.definition("cleared");
        world.pool("cleared", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "Other", "under review");
        passes(image, 2);
        assertEquals(RolloutPhase.BLOCKED, world.state("cleared").phase());

        world.sim.gallery().clearPolicyViolations(image.version("1.1.0").toString());
        world.passUntil(image, "cleared", stableOn("1.1.0"), 120);

        assertEquals(1, world.imageChanges("cleared"));
    }
}
