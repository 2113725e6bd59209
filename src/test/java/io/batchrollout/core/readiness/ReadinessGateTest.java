package io.batchrollout.core.readiness;

import static io.batchrollout.core.readiness.ReadinessFixtures.NOW;
import static io.batchrollout.core.readiness.ReadinessFixtures.completed;
import static io.batchrollout.core.readiness.ReadinessFixtures.linuxDefinition;
import static io.batchrollout.core.readiness.ReadinessFixtures.pool;
import static io.batchrollout.core.readiness.ReadinessFixtures.target;
import static io.batchrollout.core.readiness.ReadinessFixtures.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinition.OsState;
import io.batchrollout.core.model.ImageDefinition.OsType;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersion.RegionReplication;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each reason alone, all of them together, and the numbers every reason carries. */
class ReadinessGateTest {
    static final ReadinessGate GATE = new ReadinessGate(300);
    static final ProviderRegistration SAME = new ProviderRegistration.SameSubscription();

    private static Readiness evaluate(ImageDefinition definition, ImageVersion version, PoolTarget target) {
        return GATE.evaluate(definition, version, target, true, SAME, NOW);
    }

    private static Reason only(Readiness readiness, ReasonCode expected) {
        assertEquals(List.of(expected), readiness.reasons().stream().map(Reason::code).toList(), () -> readiness.reasons().toString());
        Reason reason = readiness.reasons().get(0);
        assertTrue(reason.message().endsWith(".") || reason.message().contains(": "), reason.message());
        return reason;
    }

    @Test
    void succeededVersionReplicatedWithEnoughReplicasIsReady() {
        Readiness readiness = evaluate(linuxDefinition(), version("1.0.0", 1), pool(300, 0));
        assertTrue(readiness.ready(), () -> readiness.reasons().toString());
    }

    @Test
    void versionStillBeingCreatedIsNotSucceeded() {
        ImageVersion creating = version("1.0.0", "Creating", List.of(target("West Europe", 1)), List.of(completed("West Europe")), null);
        Reason reason = only(evaluate(linuxDefinition(), creating, pool(1, 0)), ReasonCode.VERSION_NOT_SUCCEEDED);
        assertEquals("Creating", reason.facts().get("provisioningState"));
        assertEquals(Optional.of("1.0.0"), reason.version());
    }

    @Test
    void versionNotPublishedToThePoolRegionNamesTheRegionsItTargets() {
        ImageVersion elsewhere = version("1.0.0", "Succeeded", List.of(target("East US", 1), target("North Europe", 1)),
                List.of(completed("East US"), completed("North Europe")), null);
        Reason reason = only(evaluate(linuxDefinition(), elsewhere, pool(1, 0)), ReasonCode.REGION_NOT_TARGETED);
        assertEquals("westeurope", reason.facts().get("region"));
        assertEquals(List.of("eastus", "northeurope"), reason.facts().get("targetedRegions"));
    }

    @Test
    void versionStillReplicatingReportsReplicatingInThatRegionWithItsProgress() {
        ImageVersion replicating = version("1.0.0", "Succeeded", List.of(target("West Europe", 1), target("North Europe", 1)),
                List.of(new RegionReplication("West Europe", "Replicating", null, 40), completed("North Europe")), null);
        Reason reason = only(evaluate(linuxDefinition(), replicating, pool(1, 0)), ReasonCode.REPLICATION_IN_PROGRESS);
        assertEquals(Map.of("region", "westeurope", "state", "Replicating", "progress", 40), reason.facts());
    }

    @Test
    void regionMissingFromTheReplicationSummaryCountsAsUnknownNotReady() {
        ImageVersion noStatus = version("1.0.0", "Succeeded", List.of(target("West Europe", 1)), List.of(), null);
        Reason reason = only(evaluate(linuxDefinition(), noStatus, pool(1, 0)), ReasonCode.REPLICATION_IN_PROGRESS);
        assertEquals("Unknown", reason.facts().get("state"));
        assertEquals(0, reason.facts().get("progress"));
    }

    @Test
    void failedReplicationInThePoolRegionCarriesAzuresDetails() {
        ImageVersion failed = version("1.0.0", "Succeeded", List.of(target("West Europe", 1)),
                List.of(new RegionReplication("West Europe", "Failed", "Disk copy timed out.", 70)), null);
        Reason reason = only(evaluate(linuxDefinition(), failed, pool(1, 0)), ReasonCode.REPLICATION_FAILED);
        assertEquals(Map.of("region", "westeurope", "details", "Disk copy timed out."), reason.facts());
        assertTrue(reason.message().contains("Disk copy timed out."));
    }

    @Test
    void failureInAnotherRegionDoesNotBlockThePoolRegion() {
        ImageVersion failedElsewhere = version("1.0.0", "Succeeded", List.of(target("West Europe", 1), target("East US", 1)),
                List.of(completed("West Europe"), new RegionReplication("East US", "Failed", "quota", 0)), null);
        assertTrue(evaluate(linuxDefinition(), failedElsewhere, pool(1, 0)).ready());
    }

    @Test
    void regionNamesMatchWhateverWayAzureSpellsThem() {
        ImageVersion displayNames = version("1.0.0", "Succeeded", List.of(target("West Europe", 1)),
                List.of(completed("West Europe")), null);
        ImageVersion shortNames = version("1.0.0", "Succeeded", List.of(target("westeurope", 1)),
                List.of(completed("westeurope")), null);
        for (String accountLocation : List.of("westeurope", "West Europe", "WESTEUROPE")) {
            PoolTarget target = new PoolTarget(ReadinessFixtures.account(accountLocation), 1, 0, ReadinessFixtures.LINUX_AGENT);
            assertTrue(evaluate(linuxDefinition(), displayNames, target).ready(), accountLocation);
            assertTrue(evaluate(linuxDefinition(), shortNames, target).ready(), accountLocation);
        }
    }

    @Test
    void threeThousandNodesNeedTenReplicasAtThreeHundredVmsPerReplica() {
        Reason reason = only(evaluate(linuxDefinition(), version("1.0.0", 5), pool(2000, 1000)), ReasonCode.TOO_FEW_REPLICAS);
        assertEquals(Map.of("region", "westeurope", "replicasNeeded", 10, "replicasPresent", 5, "nodes", 3000,
                "vmsPerReplica", 300), reason.facts());
        assertTrue(evaluate(linuxDefinition(), version("1.0.0", 10), pool(2000, 1000)).ready());
    }

    @Test
    void threeThousandNodesNeedFiveReplicasAtSixHundredVmsPerReplica() {
        ReadinessGate gate = new ReadinessGate(600);
        assertTrue(gate.evaluate(linuxDefinition(), version("1.0.0", 5), pool(3000, 0), true, SAME, NOW).ready());
        Readiness four = gate.evaluate(linuxDefinition(), version("1.0.0", 4), pool(3000, 0), true, SAME, NOW);
        assertEquals(5, only(four, ReasonCode.TOO_FEW_REPLICAS).facts().get("replicasNeeded"));
    }

    @Test
    void exactlyThirtyThousandNodesFitOneHundredReplicas() {
        assertTrue(evaluate(linuxDefinition(), version("1.0.0", 100), pool(30_000, 0)).ready());
    }

    @Test
    void thirtyThousandAndOneNodesAreTooLargeForAnyGalleryVersion() {
        Reason reason = only(evaluate(linuxDefinition(), version("1.0.0", 100), pool(30_000, 1)),
                ReasonCode.POOL_TOO_LARGE_FOR_GALLERY);
        assertEquals(Map.of("nodes", 30_001, "replicasNeeded", 101, "maxReplicas", 100, "maxNodes", 30_000), reason.facts());
        assertTrue(reason.message().contains("30000"), reason.message());
    }

    @Test
    void specializedImageIsRefused() {
        Reason reason = only(evaluate(ReadinessFixtures.definition(OsType.LINUX, OsState.SPECIALIZED), version("1.0.0", 1),
                pool(1, 0)), ReasonCode.IMAGE_NOT_GENERALIZED);
        assertEquals("Specialized", reason.facts().get("osState"));
    }

    @Test
    void windowsAgentOnLinuxImageIsAnOsMismatch() {
        PoolTarget windowsPool = new PoolTarget(ReadinessFixtures.account("westeurope"), 1, 0, ReadinessFixtures.WINDOWS_AGENT);
        Reason reason = only(evaluate(linuxDefinition(), version("1.0.0", 1), windowsPool), ReasonCode.NODE_AGENT_OS_MISMATCH);
        assertEquals(Map.of("nodeAgentSkuId", "batch.node.windows amd64", "osType", "Linux"), reason.facts());
    }

    @Test
    void linuxAgentOnWindowsImageIsAnOsMismatch() {
        only(evaluate(ReadinessFixtures.definition(OsType.WINDOWS, OsState.GENERALIZED), version("1.0.0", 1), pool(1, 0)),
                ReasonCode.NODE_AGENT_OS_MISMATCH);
    }

    @Test
    void endOfLifeInThePastRefusesAndInTheFutureDoesNot() {
        OffsetDateTime past = OffsetDateTime.of(2026, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        Reason reason = only(evaluate(linuxDefinition(), ReadinessFixtures.withEndOfLife(version("1.0.0", 1), past), pool(1, 0)),
                ReasonCode.VERSION_END_OF_LIFE);
        assertEquals("2026-02-01T00:00Z", reason.facts().get("endOfLifeDate"));
        OffsetDateTime future = OffsetDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertTrue(evaluate(linuxDefinition(), ReadinessFixtures.withEndOfLife(version("1.0.0", 1), future), pool(1, 0)).ready());
    }

    @Test
    void aVersionReportedForAPolicyViolationIsRefusedNamingEachCategory() {
        ImageVersion reported = ReadinessFixtures.flagged(version("1.0.0", 1), true,
                new ImageVersion.PolicyViolation("ImageFlaggedUnsafe", "malware found"),
                new ImageVersion.PolicyViolation("IpTheft", null));
        Reason reason = only(evaluate(linuxDefinition(), reported, pool(1, 0)), ReasonCode.VERSION_REPORTED_FOR_POLICY_VIOLATION);
        assertEquals(Map.of("reportedForPolicyViolation", true, "categories", List.of("ImageFlaggedUnsafe", "IpTheft"),
                "details", List.of("malware found")), reason.facts());
        assertTrue(reason.message().contains("ImageFlaggedUnsafe, IpTheft"), reason.message());
        assertEquals(Optional.of("1.0.0"), reason.version());
    }

    @Test
    void violationsListedWithoutTheFlagStillRefuseAndTheFlagAloneRefusesToo() {
        ImageVersion listedOnly = ReadinessFixtures.flagged(version("1.0.0", 1), false,
                new ImageVersion.PolicyViolation("CopyrightValidation", "x"));
        only(evaluate(linuxDefinition(), listedOnly, pool(1, 0)), ReasonCode.VERSION_REPORTED_FOR_POLICY_VIOLATION);
        ImageVersion flagOnly = ReadinessFixtures.flagged(version("1.0.0", 1), true);
        assertTrue(only(evaluate(linuxDefinition(), flagOnly, pool(1, 0)), ReasonCode.VERSION_REPORTED_FOR_POLICY_VIOLATION)
                .message().contains("no category given"));
        assertTrue(evaluate(linuxDefinition(), ReadinessFixtures.flagged(version("1.0.0", 1), false), pool(1, 0)).ready());
    }

    @Test
    void galleryOutsideTheAllowListIsRefused() {
        Readiness readiness = GATE.evaluate(linuxDefinition(), version("1.0.0", 1), pool(1, 0), false, SAME, NOW);
        assertEquals(ReadinessFixtures.GALLERY.toString(), only(readiness, ReasonCode.GALLERY_NOT_ALLOWED).facts().get("galleryId"));
    }

    @Test
    void unregisteredBatchProviderInTheGallerySubscriptionGivesTheFix() {
        String other = "9c8b7a65-4321-4fed-8cba-0987654321ab";
        Readiness readiness = GATE.evaluate(linuxDefinition(), version("1.0.0", 1), pool(1, 0), true,
                new ProviderRegistration.NotRegistered(other, "NotRegistered"), NOW);
        Reason reason = only(readiness, ReasonCode.BATCH_PROVIDER_NOT_REGISTERED);
        assertEquals(Map.of("subscriptionId", other, "registrationState", "NotRegistered",
                "fix", "az provider register --namespace Microsoft.Batch --subscription " + other), reason.facts());
        assertTrue(reason.message().contains("az provider register --namespace Microsoft.Batch --subscription " + other));
    }

    @Test
    void registeredProviderInAnotherSubscriptionPasses() {
        assertTrue(GATE.evaluate(linuxDefinition(), version("1.0.0", 1), pool(1, 0), true,
                new ProviderRegistration.Registered("9c8b7a65-4321-4fed-8cba-0987654321ab"), NOW).ready());
    }

    @Test
    void everyReasonIsReportedTogetherNotOnlyTheFirst() {
        ImageVersion bad = ReadinessFixtures.withEndOfLife(version("2.0.0", "Updating",
                List.of(target("West Europe", 2)), List.of(new RegionReplication("West Europe", "Replicating", null, 10)), null),
                OffsetDateTime.of(2025, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC));
        PoolTarget windowsPool = new PoolTarget(ReadinessFixtures.account("westeurope"), 900, 100, ReadinessFixtures.WINDOWS_AGENT);
        Readiness readiness = GATE.evaluate(ReadinessFixtures.definition(OsType.LINUX, OsState.SPECIALIZED), bad, windowsPool,
                false, new ProviderRegistration.NotRegistered("9c8b7a65-4321-4fed-8cba-0987654321ab", "Unregistering"), NOW);

        Set<ReasonCode> codes = readiness.reasons().stream().map(Reason::code).collect(Collectors.toSet());
        assertEquals(Set.of(ReasonCode.GALLERY_NOT_ALLOWED, ReasonCode.BATCH_PROVIDER_NOT_REGISTERED,
                ReasonCode.VERSION_NOT_SUCCEEDED, ReasonCode.REPLICATION_IN_PROGRESS, ReasonCode.TOO_FEW_REPLICAS,
                ReasonCode.IMAGE_NOT_GENERALIZED, ReasonCode.NODE_AGENT_OS_MISMATCH, ReasonCode.VERSION_END_OF_LIFE), codes);
        assertEquals(8, readiness.reasons().size());
        assertTrue(readiness.reasons().stream().allMatch(r -> r.version().equals(Optional.of("2.0.0"))));
    }

    @Test
    void tooLargePoolOnAnUntargetedRegionReportsBoth() {
        ImageVersion elsewhere = version("1.0.0", "Succeeded", List.of(target("East US", 100)), List.of(completed("East US")), null);
        Set<ReasonCode> codes = evaluate(linuxDefinition(), elsewhere, pool(40_000, 0)).reasons().stream()
                .map(Reason::code).collect(Collectors.toSet());
        assertEquals(Set.of(ReasonCode.REGION_NOT_TARGETED, ReasonCode.POOL_TOO_LARGE_FOR_GALLERY), codes);
    }
}
