package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.core.rollout.promotion.ManualPromotion;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.sim.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request the app sent during its representative flows ({@link RolloutFlows}), checked against the published
 * definitions of its operation (src/test/resources/contract/spec): body schema with required fields, enums and
 * read-only fields, api-version, and the headers the app relies on.
 */
class AppRequestsMatchSpecTest {
    static final SpecExtract MANAGEMENT = SpecExtract.load("batch-management-2024-07-01.pools-and-accounts.json");
    static final SpecExtract DATA_PLANE = SpecExtract.load("batch-dataplane-2025-06-01.21.0.jobs-and-nodes.json");
    static final SpecExtract GALLERY = SpecExtract.load("gallery-2024-03-03.image-versions.json");
    /** What azure-resourcemanager-batch 1.1.0-beta.2 sends; the image change alone goes at 2024-07-01. */
    static final String SDK_BATCH_API_VERSION = "2023-05-01";
    static final String IMAGE_CHANGE_API_VERSION = "2024-07-01";

    static RolloutFlows flows;
    static boolean inPlaceDone;
    static boolean blueGreenDone;
    static boolean remediatedDone;
    static boolean promotedDone;
    static boolean rejectedDone;
    static ManualPromotion.Outcome manualPromote;
    static ManualPromotion.Outcome manualReject;
    static List<RequestLog.Captured> sent;
    static JsonNode inPlaceAsCreated;

    @BeforeAll
    static void runTheFlows() {
        flows = new RolloutFlows();
        ImageDefinitionId inPlace = flows.definition("inplace-image");
        inPlaceAsCreated = flows.createPoolWithDataDisks("inplace", inPlace, 2);
        flows.addVersion(inPlace, "2.0.0");
        inPlaceDone = flows.passUntil(inPlace, () -> flows.find("inplace").filter(p -> p.imageReferenceId().endsWith("/versions/2.0.0")
                && "Steady".equals(p.allocationState()) && p.currentDedicatedNodes() == 2).isPresent(), 90);

        ImageDefinitionId blueGreen = flows.definition("bluegreen-image");
        flows.createPool("bluegreen", blueGreen, 2, RolloutStrategy.BLUE_GREEN);
        flows.addJob("render", "bluegreen", 3, Duration.ofMinutes(5));
        flows.addJob("encode", "bluegreen", 2, Duration.ofMinutes(3));
        flows.sim.advance(Duration.ofMinutes(1));
        flows.addVersion(blueGreen, "2.0.0");
        blueGreenDone = flows.passUntil(blueGreen, () -> flows.find("bluegreen").isEmpty(), 150);
        // GALLERY_REMEDIATION=replicas: 2.0.0 leaves out the pool's region (North Europe); the app adds it, then rolls.
        ImageDefinitionId remediated = flows.definition("remediated-image");
        flows.createPool("remediated", remediated, 2, RolloutStrategy.IN_PLACE);
        flows.addVersionIn(remediated, "2.0.0", "West Europe");
        remediatedDone = flows.remediateUntil(remediated, () -> flows.find("remediated").filter(p -> p.imageReferenceId()
                .endsWith("/versions/2.0.0") && "Steady".equals(p.allocationState()) && p.currentDedicatedNodes() == 2).isPresent(), 90);
        // Gated promotion by a pass: the canary rolls to the excluded candidate, bakes, and the pass promotes it.
        ImageDefinitionId promoted = flows.definition("promoted-image");
        flows.createCanary("promoted-canary", promoted, 1);
        flows.publishCandidate(promoted, "2.0.0");
        promotedDone = flows.promoteUntil(promoted, () -> !flows.versionAsServed(promoted, "2.0.0").path("properties")
                .path("publishingProfile").path("excludeFromLatest").asBoolean(true), 120);
        // A canary that fails (the version's nodes never start) rejects its candidate: the pass tags it.
        ImageDefinitionId rejected = flows.definition("rejected-image");
        flows.createCanary("rejected-canary", rejected, 1);
        flows.publishCandidate(rejected, "2.0.0");
        flows.sim.gallery().markBroken(rejected.version("2.0.0").toString());
        rejectedDone = flows.promoteUntil(rejected, () -> flows.versionAsServed(rejected, "2.0.0").path("tags")
                .has(GalleryTags.REJECTED), 150);
        // An operator's POST /api/images/promote and /reject, on two more candidates.
        ImageDefinitionId manual = flows.definition("manual-image");
        flows.publishCandidate(manual, "2.0.0");
        flows.publishCandidate(manual, "2.1.0");
        manualPromote = flows.manualPromotion().promote(manual.version("2.0.0"), Optional.of("ran a week in staging"));
        manualReject = flows.manualPromotion().reject(manual.version("2.1.0"), "license server unreachable");
        // Only what the app sent: its pipeline names itself in User-Agent (the flows' own setup over raw HTTP does not).
        sent = flows.sim.requests().captured().stream()
                .filter(c -> c.headers().getOrDefault("user-agent", "").contains("batch-image-rollout")).toList();
    }

    @AfterAll
    static void stop() {
        flows.close();
    }

    private static List<RequestLog.Captured> of(String operation) {
        return sent.stream().filter(c -> c.entry().operation().equals(operation)).toList();
    }

    private static String apiVersion(RequestLog.Captured c) {
        for (String pair : c.entry().query().split("&")) {
            if (pair.startsWith("api-version=")) {
                return pair.substring("api-version=".length());
            }
        }
        return "";
    }

    private static boolean imageChange(RequestLog.Captured c) {
        return c.entry().operation().equals("Pool_Update") && apiVersion(c).equals(IMAGE_CHANGE_API_VERSION);
    }

    private static String describe(RequestLog.Captured c) {
        return c.entry().method() + " " + c.entry().path() + "?" + c.entry().query();
    }

    @Test
    void theFlowsCreatedAPoolChangedAnImageInPlaceAndMovedJobsBlueGreen() {
        assertTrue(inPlaceDone, "the in-place rollout did not finish:\n" + String.join("\n", flows.log));
        assertTrue(blueGreenDone, "the blue-green rollout did not retire the old pool:\n" + String.join("\n", flows.log));
        assertTrue(of("Pool_Create").size() >= 2, "the app's create and the blue-green candidate");
        assertEquals(5, sent.stream().filter(AppRequestsMatchSpecTest::imageChange).count(),
                "one image change each for the in-place, remediated and promoted canary pools, two (there and back) for "
                        + "the rejected canary");
        for (String operation : List.of("Job_Disable", "Job_Patch", "Job_Enable")) {
            assertEquals(2, of(operation).stream().filter(c -> c.entry().status() < 300).count(), operation + ": one per job");
        }
        assertEquals(1, of("Pool_Delete").stream().filter(c -> c.entry().status() < 300).count(), "the old pool retired");
    }

    private static List<RequestLog.Captured> galleryUpdatesOf(String image) {
        return of(GalleryUpdateCheck.OPERATION).stream().filter(c -> c.entry().path().toLowerCase(java.util.Locale.ROOT)
                .contains("/images/" + image + "/")).toList();
    }

    private static JsonNode publishing(RequestLog.Captured update) {
        return update.body().path("properties").path("publishingProfile");
    }

    /**
     * Every gallery write of the flows (issue 11: remediation, a pass's promotion and rejection, an operator's promote
     * and reject) is a PATCH valid against GalleryImageVersionUpdate at 2024-03-03, without If-Match (the operation
     * declares none, the version has no ETag), right after the app's GET of the version.
     */
    @Test
    void everyGalleryVersionUpdateIsAPatchValidAgainstTheSpecWithoutIfMatchRightAfterARead() {
        assertTrue(GALLERY.headerParameters(GalleryUpdateCheck.OPERATION).isEmpty(), "the spec declares no If-Match");
        List<RequestLog.Captured> updates = of(GalleryUpdateCheck.OPERATION);
        assertEquals(5, updates.size(), "remediated, promoted, rejected, an operator's promote and reject: "
                + updates.stream().map(AppRequestsMatchSpecTest::describe).toList());
        List<String> problems = new ArrayList<>();
        updates.forEach(u -> problems.addAll(GalleryUpdateCheck.problems(GALLERY, sent, u)));
        assertEquals(List.of(), problems);
        com.fasterxml.jackson.databind.node.ObjectNode withoutStorage = updates.get(0).body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutStorage.get("properties")).remove("storageProfile");
        assertFalse(GALLERY.validateRequest(withoutStorage, GALLERY.bodySchema(GalleryUpdateCheck.OPERATION).orElseThrow()).isEmpty(),
                "the check can fail: storageProfile is required");
        System.out.println("gallery update: definitions outside the extract, not validated: " + GALLERY.outsideExtract());
    }

    /** Remediation: one PATCH keeping West Europe and adding the pool's region. */
    @Test
    void theRemediationUpdateKeepsEveryRegionAndAddsThePoolsOne() {
        assertTrue(remediatedDone, "the remediated rollout did not finish:\n" + String.join("\n", flows.log));
        List<RequestLog.Captured> updates = galleryUpdatesOf("remediated-image");
        assertEquals(1, updates.size(), "one version update for the whole flow");
        JsonNode regions = publishing(updates.get(0)).path("targetRegions");
        assertEquals(2, regions.size(), "West Europe kept, North Europe added: " + regions);
        assertEquals("West Europe", regions.get(0).path("name").asText());
        assertEquals("northeurope", regions.get(1).path("name").asText());
    }

    /** A pass's promotion: excludeFromLatest false on the version and on the region that excluded it, the promoted tag. */
    @Test
    void thePassesPromotionLiftsTheVersionsAndTheRegionsExcludeAndTagsIt() {
        assertTrue(promotedDone, "the candidate was not promoted:\n" + String.join("\n", flows.log));
        List<RequestLog.Captured> updates = galleryUpdatesOf("promoted-image");
        assertEquals(1, updates.size(), updates.stream().map(AppRequestsMatchSpecTest::describe).toList().toString());
        JsonNode body = updates.get(0).body();
        assertFalse(publishing(updates.get(0)).path("excludeFromLatest").asBoolean(true), body.toString());
        JsonNode regions = publishing(updates.get(0)).path("targetRegions");
        assertEquals(2, regions.size(), regions.toString());
        regions.forEach(r -> assertFalse(r.path("excludeFromLatest").asBoolean(false), "still excluded: " + r));
        assertTrue(body.path("tags").path(GalleryTags.PROMOTED).asText().contains("promoted-canary"), body.toString());
        assertEquals("render", body.path("tags").path("team").asText(), "the team's own tag is kept");
    }

    /** A pass's rejection: the version stays excluded (as read), with the rejected tag and its reason. */
    @Test
    void thePassesRejectionKeepsTheVersionExcludedAndTagsItWithTheReason() {
        assertTrue(rejectedDone, "the candidate was not rejected:\n" + String.join("\n", flows.log));
        List<RequestLog.Captured> updates = galleryUpdatesOf("rejected-image");
        assertEquals(1, updates.size(), updates.stream().map(AppRequestsMatchSpecTest::describe).toList().toString());
        JsonNode body = updates.get(0).body();
        assertTrue(publishing(updates.get(0)).path("excludeFromLatest").asBoolean(false), body.toString());
        assertTrue(publishing(updates.get(0)).path("targetRegions").get(1).path("excludeFromLatest").asBoolean(false),
                "North Europe's exclude is sent back as read: " + body);
        assertTrue(body.path("tags").path(GalleryTags.REJECTED).asText().contains("rejected-canary"), body.toString());
        assertFalse(body.path("tags").has(GalleryTags.PROMOTED), body.toString());
    }

    /** POST /api/images/promote and /reject: the same writes as a pass, with the operator's reason in the tag. */
    @Test
    void anOperatorsPromoteAndRejectSendOneValidUpdateEach() {
        assertTrue(manualPromote instanceof ManualPromotion.Outcome.Done, String.valueOf(manualPromote));
        assertTrue(manualReject instanceof ManualPromotion.Outcome.Done, String.valueOf(manualReject));
        List<RequestLog.Captured> updates = galleryUpdatesOf("manual-image");
        assertEquals(2, updates.size(), updates.stream().map(AppRequestsMatchSpecTest::describe).toList().toString());
        RequestLog.Captured promote = updates.get(0);
        RequestLog.Captured reject = updates.get(1);
        assertTrue(promote.entry().path().endsWith("/versions/2.0.0") && reject.entry().path().endsWith("/versions/2.1.0"));
        assertFalse(publishing(promote).path("excludeFromLatest").asBoolean(true), promote.body().toString());
        assertTrue(promote.body().path("tags").path(GalleryTags.PROMOTED).asText().contains("ran a week in staging"));
        assertTrue(publishing(reject).path("excludeFromLatest").asBoolean(false), reject.body().toString());
        assertTrue(reject.body().path("tags").path(GalleryTags.REJECTED).asText().contains("license server unreachable"));
    }

    @Test
    void everyPoolCreateAndUpdateBodyIsValidAgainstThePoolDefinition() {
        List<String> violations = new ArrayList<>();
        for (RequestLog.Captured c : sent) {
            String operation = c.entry().operation();
            if (operation.equals("Pool_Create") || operation.equals("Pool_Update")) {
                JsonNode schema = MANAGEMENT.bodySchema(operation).orElseThrow();
                if (c.body() == null) {
                    violations.add(describe(c) + ": no body, the spec requires one");
                } else {
                    MANAGEMENT.validateRequest(c.body(), schema).forEach(v -> violations.add(describe(c) + " " + v));
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
        System.out.println("pool writes: definitions outside the extract, not validated: " + MANAGEMENT.outsideExtract());
    }

    /** Issue 7, defect 3: a PATCH replaces the properties it carries, so it carries the whole VM configuration. */
    @Test
    void theImageChangeIsOnePatchAt20240701WithIfMatchCarryingTheWholeVmConfiguration() {
        RequestLog.Captured change = sent.stream().filter(AppRequestsMatchSpecTest::imageChange).findFirst().orElseThrow();
        JsonNode vm = change.body().path("properties").path("deploymentConfiguration").path("virtualMachineConfiguration");

        assertTrue(change.headers().containsKey("if-match") && !change.headers().get("if-match").isBlank(), describe(change));
        assertTrue(change.headers().getOrDefault("content-type", "").startsWith("application/json"), change.headers().toString());
        assertTrue(vm.path("imageReference").path("id").asText().endsWith("/versions/2.0.0"), vm.toString());
        assertEquals(readTree(RolloutFlows.DATA_DISKS), inPlaceAsCreated.path("properties").path("deploymentConfiguration")
                .path("virtualMachineConfiguration").path("dataDisks"), "the simulator keeps the data disks a pool is created with");
        assertEquals(readTree(RolloutFlows.DATA_DISKS), vm.path("dataDisks"), "the pool's data disks are sent with the new image");
    }

    /**
     * The served SDK speaks 2023-05-01. Three calls go raw at 2024-07-01 because the SDK's models would lose fields:
     * the image change, the read of the pool's raw JSON it and the blue-green copy start from, and the copy's PUT.
     */
    @Test
    void batchManagementCallsUseTheSdksApiVersionButTheRawPoolReadsAndWrites() {
        Map<String, Set<String>> versions = new TreeMap<>();
        sent.forEach(c -> versions.computeIfAbsent(c.entry().operation(), k -> new TreeSet<>()).add(apiVersion(c)));
        System.out.println("api-versions the app sent, by operation: " + versions);
        for (RequestLog.Captured c : sent) {
            String operation = c.entry().operation();
            boolean batchManagement = operation.startsWith("Pool_") || operation.startsWith("BatchAccount_") || operation.startsWith("Location_");
            boolean raw = imageChange(c) || operation.equals("Pool_Get") || operation.equals("Pool_Create");
            if (batchManagement && !raw) {
                assertEquals(SDK_BATCH_API_VERSION, apiVersion(c), describe(c));
            }
            if (raw) {
                assertTrue(Set.of(SDK_BATCH_API_VERSION, "2024-07-01").contains(apiVersion(c)), describe(c));
            }
            if (c.entry().path().startsWith("/batch/")) {
                assertEquals("2024-07-01.20.0", apiVersion(c), describe(c));
            }
            if (operation.startsWith("GalleryImage")) {
                assertEquals("2024-03-03", apiVersion(c), describe(c));
            }
        }
    }

    @Test
    void createsAskForANewPoolOnlyAndUpdatesNameTheEtagTheyRead() {
        for (RequestLog.Captured create : of("Pool_Create")) {
            assertEquals("*", create.headers().get("if-none-match"), describe(create));
            assertTrue(MANAGEMENT.headerParameters("Pool_Create").contains("if-none-match"));
        }
        for (RequestLog.Captured update : of("Pool_Update")) {
            assertFalse(update.headers().getOrDefault("if-match", "").isBlank(), describe(update));
            assertTrue(MANAGEMENT.headerParameters("Pool_Update").contains("if-match"));
        }
    }

    /**
     * Pool_Delete has no conditional header in the spec (issue 7, defect 2), so the app cannot rely on If-Match: it
     * reads the pool back right before deleting it, and deletes only what it just read.
     */
    @Test
    void aPoolIsDeletedOnlyRightAfterTheAppReadItBack() {
        assertFalse(MANAGEMENT.headerParameters("Pool_Delete").contains("if-match"), "Pool_Delete declares no If-Match");
        for (RequestLog.Captured delete : of("Pool_Delete")) {
            List<RequestLog.Captured> before = sent.subList(0, sent.indexOf(delete)).stream()
                    .filter(c -> c.entry().path().equalsIgnoreCase(delete.entry().path())).toList();
            RequestLog.Captured last = before.get(before.size() - 1);
            assertEquals("GET", last.entry().method(), "the request before " + describe(delete) + " was " + describe(last));
            assertEquals(200, last.entry().status());
            assertNull(delete.body(), describe(delete));
        }
    }

    @Test
    void jobDisablePatchAndEnableAreValidAgainstTheDataPlaneDefinitions() {
        List<String> violations = new ArrayList<>();
        Map<String, String> operations = Map.of("Job_Disable", "Jobs_DisableJob", "Job_Patch", "Jobs_UpdateJob", "Job_Enable", "Jobs_EnableJob");
        operations.forEach((simOperation, specOperation) -> {
            for (RequestLog.Captured c : of(simOperation)) {
                if (!c.headers().getOrDefault("content-type", "").startsWith("application/json")) {
                    violations.add(describe(c) + ": Content-Type " + c.headers().get("content-type"));
                }
                DATA_PLANE.bodySchema(specOperation).ifPresentOrElse(
                        schema -> DATA_PLANE.validateRequest(c.body() == null ? Examples.JSON.nullNode() : c.body(), schema)
                                .forEach(v -> violations.add(describe(c) + " " + v)),
                        () -> { if (c.body() != null && !c.body().isEmpty()) violations.add(describe(c) + ": a body the operation does not take"); });
            }
        });
        of("Job_Patch").forEach(c -> {
            if (!c.body().path("poolInfo").path("poolId").isTextual()) {
                violations.add(describe(c) + ": poolInfo.poolId is not a string: " + c.body());
            }
        });
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void noReadSendsABody() {
        List<String> reads = sent.stream().filter(c -> c.entry().method().equals("GET") && c.body() != null).map(AppRequestsMatchSpecTest::describe).toList();

        assertEquals(List.of(), reads);
        assertTrue(sent.stream().filter(c -> c.entry().method().equals("GET")).count() > 50, "the flows read Azure");
    }

    private static JsonNode readTree(String text) {
        try {
            return Examples.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
