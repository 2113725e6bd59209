package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import org.junit.jupiter.api.Test;

/** Which pools belong to a recorded group: the group's first pool and its deterministic candidates, nothing else. */
class StateValidationTest {

    @Test
    void theGroupsFirstPoolAndItsCandidatesAreMembersAndOtherPoolsAreNot() {
        assertTrue(StateValidation.inGroup("render", "render"));
        assertTrue(StateValidation.inGroup("RENDER-v1-2-3", "render"), "ids compare ignoring case, as Batch does");
        assertTrue(StateValidation.inGroup("render-v10-0-12", "render"));
        assertFalse(StateValidation.inGroup("render-prod", "render"));
        assertFalse(StateValidation.inGroup("render2-v1-2-3", "render"));
        assertFalse(StateValidation.inGroup("other-v1-2-3", "render"));
        assertFalse(StateValidation.inGroup("render-v1-2", "render"));
    }

    @Test
    void aLongGroupsHashedCandidateIsAMemberAndAnotherGroupsIsNot() {
        String group = "a".repeat(60) + "-one";
        String candidate = PoolGroups.candidateName(group, new SemanticVersion(2, 0, 1));
        assertTrue(StateValidation.inGroup(candidate, group), candidate);
        assertFalse(StateValidation.inGroup(candidate, "a".repeat(60) + "-two"), "same prefix, another hash");
    }

    @Test
    void valuesShownInADecisionAreOneShortLine() {
        assertEquals("a??b", StateValidation.shown("a\r\nb"));
        assertEquals(203, StateValidation.shown("x".repeat(5000)).length());
    }
}
