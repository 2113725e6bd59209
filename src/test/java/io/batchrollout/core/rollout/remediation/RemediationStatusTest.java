package io.batchrollout.core.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a pool waiting for the app's own update says, read from the version alone; and the tag read as input. */
class RemediationStatusTest {

    static ImageVersion replicating(String provisioning, String state, int count, Map<String, String> tags) {
        return new ImageVersion(VersionRemediationTest.V, provisioning, false, null, null, 1,
                List.of(new ImageVersion.TargetRegion("West Europe", count, "Standard_LRS", false)),
                Optional.of(new ImageVersion.Replication("InProgress", List.of(new ImageVersion.RegionReplication("West Europe", state, "", 40)))),
                ImageVersion.Safety.UNFLAGGED, null, tags);
    }

    static ReplicaNeeds.Newest newest(ReasonCode... codes) {
        List<Reason> reasons = java.util.Arrays.stream(codes).map(c -> new Reason(c, c.name(), Optional.of("1.1.0"), Map.of())).toList();
        return ReplicaNeeds.newestBlocked(new ImageChoice.NotReady(reasons)).orElseThrow();
    }

    @Test
    void aPoolWaitingForTheRaisedReplicasSaysFromWhatToWhat() {
        ImageVersion v = replicating("Updating", "Replicating", 10, Map.of(RemediationTag.KEY, "westeurope:1>10"));

        assertEquals(Optional.of("raising replicas of 1.1.0 in westeurope from 1 to 10 (replication in progress)"),
                RemediationStatus.waitingText(v, "westeurope", newest(ReasonCode.VERSION_NOT_SUCCEEDED, ReasonCode.REPLICATION_IN_PROGRESS)));
        assertEquals(List.of(new RemediationStatus.RegionStatus("westeurope", 1, 10, "Replicating")), RemediationStatus.of(v));
    }

    @Test
    void noWaitingTextWithoutTheTagOnceCompletedOrWhenAnotherReasonBlocks() {
        ImageVersion untagged = replicating("Updating", "Replicating", 10, Map.of());
        ImageVersion done = replicating("Succeeded", "Completed", 10, Map.of(RemediationTag.KEY, "westeurope:1>10"));
        ImageVersion tagged = replicating("Updating", "Replicating", 10, Map.of(RemediationTag.KEY, "westeurope:1>10"));

        assertTrue(RemediationStatus.waitingText(untagged, "westeurope", newest(ReasonCode.REPLICATION_IN_PROGRESS)).isEmpty());
        assertTrue(RemediationStatus.waitingText(done, "westeurope", newest(ReasonCode.TOO_FEW_REPLICAS)).isEmpty());
        assertTrue(RemediationStatus.waitingText(tagged, "westeurope", newest(ReasonCode.REPLICATION_IN_PROGRESS,
                ReasonCode.VERSION_END_OF_LIFE)).isEmpty());
    }

    @Test
    void aTagEditedIntoSomethingElseIsIgnored() {
        assertEquals(List.of(new RegionChange("eastus", 0, 3)), RemediationTag.read(Map.of(RemediationTag.KEY,
                "westeurope:10>1, eastus:0>3,bad,northeurope:1>500,x y:1>2")));
    }

    @Test
    void tooFewReplicasAloneAgainstTheNewestCandidateIsANeed() {
        Reason tooFew = new Reason(ReasonCode.TOO_FEW_REPLICAS, "m", Optional.of("1.1.0"),
                Map.of("region", "westeurope", "replicasNeeded", 10, "replicasPresent", 1));
        Reason older = new Reason(ReasonCode.TOO_FEW_REPLICAS, "m", Optional.of("1.0.0"),
                Map.of("region", "westeurope", "replicasNeeded", 10, "replicasPresent", 1));
        Reason endOfLife = new Reason(ReasonCode.VERSION_END_OF_LIFE, "m", Optional.of("1.1.0"), Map.of());
        var definition = VersionRemediationTest.V.definition();
        var pool = VersionRemediationTest.ACCOUNT.pool("big");

        assertEquals(Optional.of(new ReplicaNeed(VersionRemediationTest.V, "westeurope", pool, 3000, 10)), ReplicaNeeds.tooFewReplicas(
                definition, pool, "West Europe", 3000, new ImageChoice.NotReady(List.of(tooFew, older))));
        assertTrue(ReplicaNeeds.tooFewReplicas(definition, pool, "westeurope", 3000,
                new ImageChoice.NotReady(List.of(tooFew, endOfLife))).isEmpty(), "a replica cannot fix an end of life");
    }
}
