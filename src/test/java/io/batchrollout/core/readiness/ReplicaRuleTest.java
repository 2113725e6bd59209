package io.batchrollout.core.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplicaRuleTest {

    @Test
    void replicasAreNodesOverVmsPerReplicaRoundedUp() {
        ReplicaRule rule = new ReplicaRule(300);
        assertEquals(0, rule.replicasNeeded(0));
        assertEquals(1, rule.replicasNeeded(1));
        assertEquals(1, rule.replicasNeeded(300));
        assertEquals(2, rule.replicasNeeded(301));
        assertEquals(10, rule.replicasNeeded(3_000));
    }

    @Test
    void threeThousandVmsNeedTenReplicasAtThreeHundredAndFiveAtSixHundred() {
        assertEquals(10, new ReplicaRule(300).replicasNeeded(3_000));
        assertEquals(5, new ReplicaRule(600).replicasNeeded(3_000));
    }

    @Test
    void oneHundredReplicasIsTheLimitSoThirtyThousandNodesFitAndOneMoreDoesNot() {
        ReplicaRule rule = new ReplicaRule(300);
        assertEquals(new ReplicaRule.Replicas(30_000, 100), rule.requirementFor(30_000));
        assertEquals(new ReplicaRule.TooLarge(30_001, 101, 100, 30_000), rule.requirementFor(30_001));
        assertEquals(60_000, new ReplicaRule(600).maxNodes());
    }

    @Test
    void hugeNodeCountsDoNotOverflow() {
        assertEquals(7_158_279, new ReplicaRule(300).replicasNeeded(Integer.MAX_VALUE - 1));
    }

    @Test
    void nonsenseInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRule(0));
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRule(300).replicasNeeded(-1));
    }
}
