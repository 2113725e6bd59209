package io.batchrollout.core.rollout.inplace;

import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.TRACKED;
import static io.batchrollout.core.rollout.DeciderFixtures.V1;
import static io.batchrollout.core.rollout.DeciderFixtures.ACCOUNT;
import static io.batchrollout.core.rollout.DeciderFixtures.ready;
import static io.batchrollout.core.rollout.DeciderFixtures.seeing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An in-place image change resends the pool's whole VM configuration as Batch returns it, and Batch never returns a
 * container registry's password: such a pool is blocked before its drain, not refused after it (which would cost its
 * capacity for a while and reject a version that is not at fault).
 */
class RegistryPasswordDeciderTest {
    final RolloutDecider decider = new RolloutDecider(HealthGate.defaults());

    static Pool withSecrets(List<String> secrets) {
        return new Pool(ACCOUNT.pool("render"), "\"etag-1\"", "Succeeded", OffsetDateTime.now(), "Standard_D2s_v3", V1,
                "batch.node.ubuntu 22.04", TEN, "Steady", OffsetDateTime.now(), 10, 0, List.of(), Optional.empty(), List.of(),
                secrets);
    }

    @Test
    void aPoolSigningInToARegistryWithAPasswordIsBlockedInsteadOfDrained() {
        Step step = decider.decide(withSecrets(List.of(Pool.REGISTRY_PASSWORDS)), TRACKED, RolloutState.initial(),
                seeing(ready("1.1.0")));

        RolloutState blocked = assertInstanceOf(Step.Record.class, step).state();
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        String decision = blocked.lastDecision().orElseThrow();
        assertTrue(decision.contains("container registry password") && decision.contains("identityReference"), decision);
    }

    @Test
    void userAccountsAndKeyedMountsDoNotStopAnInPlaceRollBecauseTheImageChangeDoesNotResendThem() {
        Step step = decider.decide(withSecrets(List.of("user accounts (passwords)")), TRACKED, RolloutState.initial(),
                seeing(ready("1.1.0")));

        assertInstanceOf(Step.Drain.class, step);
    }
}
