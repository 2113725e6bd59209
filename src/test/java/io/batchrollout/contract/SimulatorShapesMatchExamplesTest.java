package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated Azure answers for the same resources as Microsoft's examples, compared by shape ({@link ShapeDiff}):
 * field names and casing, JSON types, enum values the spec lists, and no field the example lacks unless the spec
 * declares it. Values that cannot match (ids, times, the example's VM size unknown to the simulator) are substituted.
 */
class SimulatorShapesMatchExamplesTest {
    static final String SUB = Examples.SUBSCRIPTION;
    static final String GALLERY = "/subscriptions/" + SUB + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/shapegallery";
    static final String DEFINITION = GALLERY + "/images/shapeimage";
    static final String VERSION = DEFINITION + "/versions/1.0.0";
    static final String ACCOUNT = "/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/shapeacct";
    static final SpecExtract MANAGEMENT = SpecExtract.load("batch-management-2024-07-01.pools-and-accounts.json");
    static final SpecExtract DATA_PLANE = SpecExtract.load("batch-dataplane-2025-06-01.21.0.jobs-and-nodes.json");

    static SimulatedAzure sim;
    static SimRaw raw;
    static String dataPlane;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        raw = new SimRaw(sim);
        sim.gallery().addGallery(SUB, "images-rg", "shapegallery", "westeurope");
        sim.gallery().addImageDefinition(GALLERY, "shapeimage", "Linux", "Generalized", "V2");
        sim.gallery().addVersion(DEFINITION, "1.0.0", List.of(new SimTargetRegion("West Europe", 1, false),
                new SimTargetRegion("East US", 2, false)), true);
        sim.batch().addAccount(SUB, "batch-rg", "shapeacct", "westeurope", 100, 10);
        dataPlane = "https://" + raw.get(ACCOUNT + "?api-version=2024-07-01").path("properties").path("accountEndpoint").asText();
        ObjectNode create = (ObjectNode) Examples.parameter("batch-management/PoolCreate_SharedImageGallery.json", "parameters");
        ((ObjectNode) create.path("properties")).put("vmSize", "STANDARD_D4_V3");
        ((ObjectNode) create.path("properties").path("deploymentConfiguration").path("virtualMachineConfiguration")
                .path("imageReference")).put("id", VERSION);
        poolCreated = raw.send("PUT", ACCOUNT + "/pools/testpool?api-version=2024-07-01", create);
    }

    static SimRaw.Answer poolCreated;

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static void assertSameShape(String what, JsonNode example, JsonNode simulator, ShapeDiff.Spec spec) {
        assertSameShape(what, example, simulator, spec, Map.of());
    }

    /**
     * {@code accepted}: differences this comparison accepts, by path, each with the reason (a feature the example's
     * resource has and this one does not, or a field the wire carries that neither example nor extract shows).
     */
    private static void assertSameShape(String what, JsonNode example, JsonNode simulator, ShapeDiff.Spec spec,
                                        Map<String, String> accepted) {
        List<ShapeDiff.Difference> differences = ShapeDiff.compare(example, simulator, spec).stream()
                .filter(d -> !accepted.containsKey(d.path())).toList();
        assertTrue(differences.isEmpty(), ShapeDiff.report(what, differences) + "\nsimulator: " + simulator);
    }

    /** Every ARM resource carries id, name and type (common-types Resource); the gallery examples omit type. */
    private static final String ARM_RESOURCE_TYPE = "ARM's common Resource definition declares type";
    private static final String ODATA_METADATA = "the Batch service's OData annotation; neither example nor spec shows it"
            + " (the simulator's DataPlaneShapesTest keeps it; not confirmed from a published source)";

    @Test
    void aPoolCreatedFromTheExamplesRequestAnswersInTheExamplesShape() {
        assertEquals(200, poolCreated.status(), String.valueOf(poolCreated.body()));
        assertSameShape("Pool_Create", Examples.response("batch-management/PoolCreate_SharedImageGallery.json", 200),
                poolCreated.body(), ShapeDiff.Spec.of(MANAGEMENT, "Pool"));
    }

    @Test
    void thatPoolReadBackHasTheCreateExamplesShape() {
        assertSameShape("Pool_Get", Examples.response("batch-management/PoolCreate_SharedImageGallery.json", 200),
                raw.get(ACCOUNT + "/pools/testpool?api-version=2024-07-01"), ShapeDiff.Spec.of(MANAGEMENT, "Pool"));
    }

    /** The list example's pool stopped short of its target with AllocationTimedout; this one on its core quota. */
    @Test
    void aResizeErrorInAPoolListAnswersInTheListExamplesShape() {
        sim.batch().addAccount(SUB, "batch-rg", "cappedacct", "westeurope", 1000, 0);
        String capped = "/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/cappedacct";
        sim.batch().setFamilyCoreQuota(capped, "standardDSv3Family", 10);
        ObjectNode create = (ObjectNode) Examples.parameter("batch-management/PoolCreate_SharedImageGallery.json", "parameters");
        ((ObjectNode) create.path("properties")).put("vmSize", "Standard_D2s_v3").putObject("scaleSettings").putObject("fixedScale")
                .put("targetDedicatedNodes", 8).put("resizeTimeout", "PT15M");
        ((ObjectNode) create.path("properties").path("deploymentConfiguration").path("virtualMachineConfiguration")
                .path("imageReference")).put("id", VERSION);
        assertEquals(200, raw.send("PUT", capped + "/pools/capped?api-version=2024-07-01", create).status());
        sim.advance(Duration.ofMinutes(20));

        JsonNode list = raw.get(capped + "/pools?api-version=2024-07-01");
        JsonNode example = Examples.response("batch-management/PoolList.json", 200);
        JsonNode status = list.path("value").get(0).path("properties").path("resizeOperationStatus");

        assertTrue(status.path("errors").size() > 0, list.toString());
        assertSameShape("Pool_ListByBatchAccount resizeOperationStatus",
                example.path("value").get(0).path("properties").path("resizeOperationStatus"), status,
                ShapeDiff.Spec.of(MANAGEMENT, "ResizeOperationStatus"));
    }

    @Test
    void theAccountAnswersInTheAccountExamplesShape() {
        assertSameShape("BatchAccount_Get", Examples.response("batch-management/BatchAccountGet.json", 200),
                raw.get(ACCOUNT + "?api-version=2024-07-01"), ShapeDiff.Spec.of(MANAGEMENT, "BatchAccount"),
                Map.of("$.properties.autoStorage", "the example's account has an auto-storage account, this one none"));
    }

    @Test
    void aGalleryVersionWithReplicationStatusAnswersInTheExamplesShape() {
        JsonNode version = flaggedLikeTheExample(() -> raw.get(VERSION + "?api-version=2024-03-03&$expand=ReplicationStatus"));

        assertSameShape("GalleryImageVersions_Get", Examples.response("gallery/GalleryImageVersion_Get_WithReplicationStatus.json", 200),
                version, ShapeDiff.Spec.NONE, GALLERY_VERSION_ACCEPTED);
        assertEquals("West Europe", version.path("location").asText(), "gallery GETs answer location as a display name");
    }

    /** The version update (issue 11): the example's own request body, answered like the example (200, Updating). */
    @Test
    void aVersionUpdateFromTheExamplesRequestAnswersInTheExamplesShape() {
        // The example's gallery is in West US (its targets must keep the gallery's region): one like it.
        String westUs = "/subscriptions/" + SUB + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/westusgallery";
        sim.gallery().addGallery(SUB, "images-rg", "westusgallery", "westus");
        sim.gallery().addImageDefinition(westUs, "updated", "Linux", "Generalized", "V2");
        sim.gallery().addVersion(westUs + "/images/updated", "1.0.0", List.of(new SimTargetRegion("West US", 1, false)), true);
        ObjectNode update = (ObjectNode) Examples.parameter("gallery/GalleryImageVersion_Update.json", "galleryImageVersion");
        // Its source id is a placeholder: the "without source id" example's empty storageProfile keeps the stored source.
        ((ObjectNode) update.path("properties")).putObject("storageProfile");

        SimRaw.Answer answer = raw.send("PATCH", westUs + "/images/updated/versions/1.0.0?api-version=2024-03-03", update);

        assertEquals(200, answer.status(), answer.body().toString());
        assertSameShape("GalleryImageVersions_Update", Examples.response("gallery/GalleryImageVersion_Update.json", 200),
                answer.body(), ShapeDiff.Spec.NONE, GALLERY_UPDATE_ACCEPTED);
        assertEquals("Updating", answer.body().path("properties").path("provisioningState").asText());
    }

    @Test
    void theVersionListAnswersInTheExamplesShape() {
        Map<String, String> accepted = new java.util.HashMap<>();
        GALLERY_VERSION_ACCEPTED.forEach((path, why) -> accepted.put(path.replace("$.", "$.value[]."), why));
        assertSameShape("GalleryImageVersions_ListByGalleryImage",
                Examples.substituted(Examples.response("gallery/GalleryImageVersion_ListByGalleryImage.json", 200), Map.of()),
                Examples.substituted(flaggedLikeTheExample(() -> raw.get(DEFINITION + "/versions?api-version=2024-03-03")), Map.of()), ShapeDiff.Spec.NONE, accepted);
    }

    /** The examples' version was reported for a policy violation: compare like with like, then clear the report. */
    private JsonNode flaggedLikeTheExample(java.util.function.Supplier<JsonNode> read) {
        sim.gallery().reportPolicyViolation(VERSION, "ImageFlaggedUnsafe", "flagged like Microsoft's example");
        try {
            return read.get();
        } finally {
            sim.gallery().clearPolicyViolations(VERSION);
        }
    }

    @Test
    void theImageDefinitionAnswersInTheExamplesShape() {
        JsonNode image = raw.get(DEFINITION + "?api-version=2024-03-03");

        assertSameShape("GalleryImages_Get", Examples.response("gallery/GalleryImage_Get.json", 200), image, ShapeDiff.Spec.NONE,
                Map.of("$.type", ARM_RESOURCE_TYPE));
        assertEquals("West Europe", image.path("location").asText(), "gallery GETs answer location as a display name");
    }

    /**
     * The 2024-02-01.19.0 example spells the OS-upgrade count "upgradingos"; the spec's BatchNodeCounts declares
     * "upgradingOS" (and, since 2024-07-01.20.0, deallocated and deallocating): the spec wins, so the example's key is
     * renamed before comparing, and the simulator's counts must carry every field the spec requires.
     */
    @Test
    void nodeCountsAnswerInTheExamplesShapeWithEveryCountTheSpecRequires() {
        sim.advance(Duration.ofMinutes(10));
        JsonNode example = Examples.response("batch-dataplane/AccountListPoolNodeCounts.json", 200);
        String text = example.toString().replace("\"upgradingos\"", "\"upgradingOS\"");
        JsonNode counts = raw.get(dataPlane + "/nodecounts?api-version=2024-07-01.20.0");

        assertSameShape("Account_ListPoolNodeCounts", Examples.substituted(readTree(text), Map.of()),
                Examples.substituted(counts, Map.of()), countsSpec(), Map.of("$.odata.metadata", ODATA_METADATA));
        for (JsonNode pool : counts.path("value")) {
            for (String kind : List.of("dedicated", "lowPriority")) {
                List<String> violations = DATA_PLANE.validateRequest(pool.path(kind), SpecExtract.ref("BatchNodeCounts"));
                assertTrue(violations.isEmpty(), kind + " counts of " + pool.path("poolId") + ": " + violations);
            }
        }
    }

    @Test
    void theJobListAnswersInTheExamplesShape() {
        sim.batch().addJob(ACCOUNT, "shapejob", "testpool");
        // Disabled and enabled again, as the example's job was: only then does a job have a previousState.
        raw.send("POST", dataPlane + "/jobs/shapejob/disable?api-version=2024-07-01.20.0", Examples.parameter(
                "batch-dataplane/Jobs_DisableJob.json", "content"));
        sim.advance(Duration.ofSeconds(30));
        raw.send("POST", dataPlane + "/jobs/shapejob/enable?api-version=2024-07-01.20.0", null);
        sim.advance(Duration.ofSeconds(30));
        JsonNode jobs = raw.get(dataPlane + "/jobs?api-version=2024-07-01.20.0");
        JsonNode example = Examples.response("batch-dataplane/JobList.json", 200);

        assertEquals(1, jobs.path("value").size(), jobs.toString());
        assertSameShape("Job_List item", example.path("value").get(0), jobs.path("value").get(0), ShapeDiff.Spec.of(DATA_PLANE, "BatchJob"));
        assertEquals("active", jobs.path("value").get(0).path("state").asText());
    }

    @Test
    void supportedVmSkusAnswerInTheExamplesShape() {
        assertSameShape("Location_ListSupportedVirtualMachineSkus",
                Examples.response("batch-management/LocationListVirtualMachineSkus.json", 200),
                Examples.substituted(raw.get("/subscriptions/" + SUB + "/providers/Microsoft.Batch/locations/westeurope/virtualMachineSkus?api-version=2024-07-01"), Map.of()),
                ShapeDiff.Spec.NONE);
    }

    @Test
    void computeUsagesAnswerInTheExamplesShape() {
        assertSameShape("Usage_List", Examples.substituted(Examples.response("compute/Usage_List_MaximumSet_Gen.json", 200), Map.of()),
                Examples.substituted(raw.get("/subscriptions/" + SUB + "/providers/Microsoft.Compute/locations/westeurope/usages?api-version=2024-07-01"), Map.of()),
                ShapeDiff.Spec.NONE);
    }

    @Test
    void aResourceProviderAnswersInTheExamplesShape() {
        assertSameShape("Providers_Get", Examples.response("resources/GetProvider.json", 200),
                raw.get("/subscriptions/" + SUB + "/providers/Microsoft.Batch?api-version=2025-04-01"), ShapeDiff.Spec.NONE, Map.of(
                        "$.resourceTypes[].locationMappings", "the example's provider maps edge zones; Microsoft.Batch none",
                        "$.resourceTypes[].capabilities", "optional; the app does not read it (the simulator leaves it out: see README)"));
    }

    /** A node, built from a gallery image version, against the node list example and the spec's BatchNode. */
    @Test
    void aNodeAnswersInTheNodeListExamplesShapeAndNamesItsImageAsTheSpecDoes() {
        raw.send("PATCH", ACCOUNT + "/pools/testpool?api-version=2024-07-01", readTree(
                "{\"properties\":{\"scaleSettings\":{\"fixedScale\":{\"targetDedicatedNodes\":1,\"resizeTimeout\":\"PT15M\"}}}}"));
        sim.advance(Duration.ofMinutes(10));
        JsonNode nodes = raw.get(dataPlane + "/pools/testpool/nodes?api-version=2024-07-01.20.0");
        JsonNode node = nodes.path("value").get(0);

        assertTrue(node != null, nodes.toString());
        assertSameShape("ComputeNode_List item", Examples.response("batch-dataplane/Nodes_ListNodes.json", 200).path("value").get(0),
                node, ShapeDiff.Spec.of(DATA_PLANE, "BatchNode"), NODE_ACCEPTED);
        List<String> violations = DATA_PLANE.validateRequest(node.path("virtualMachineInfo"), SpecExtract.ref("VirtualMachineInfo"));
        assertTrue(violations.isEmpty(), "virtualMachineInfo against the spec: " + violations + " in " + node.path("virtualMachineInfo"));
        assertEquals(VERSION, node.path("virtualMachineInfo").path("imageReference").path("virtualMachineImageId").asText(),
                "a gallery node names its image in virtualMachineImageId");
    }

    private static final Map<String, String> GALLERY_VERSION_ACCEPTED = Map.of(
            "$.type", ARM_RESOURCE_TYPE,
            "$.properties.publishingProfile.targetRegions[].encryption", "the example's version is encrypted with disk encryption sets, this one is not",
            "$.properties.storageProfile.dataDiskImages", "the example's version has a data disk, this one none",
            "$.properties.publishingProfile.excludeFromLatest", "GalleryImageVersionPublishingProfile declares it (the SDK's model of 2024-03-03 reads it)");

    private static final Map<String, String> GALLERY_UPDATE_ACCEPTED = Map.of(
            "$.type", ARM_RESOURCE_TYPE,
            "$.id", "ARM's common Resource definition declares id (the update example leaves it out)",
            "$.properties.publishingProfile.targetRegions[].encryption", "the example's version is encrypted with disk encryption sets, this one is not",
            "$.properties.storageProfile.dataDiskImages", "the example's version has a data disk, this one none",
            "$.properties.safetyProfile", "GalleryImageVersionProperties declares it; every GET example of 2024-03-03 shows it, the update example does not",
            "$.properties.publishingProfile.excludeFromLatest", "GalleryImageVersionPublishingProfile declares it (the SDK's model of 2024-03-03 reads it)");

    private static final Map<String, String> NODE_ACCEPTED = Map.of(
            "$.startTask", "the example's pool has a start task, this one none",
            "$.startTaskInfo", "the example's pool has a start task, this one none");

    private static ShapeDiff.Spec countsSpec() {
        return new ShapeDiff.Spec() {
            public java.util.Optional<java.util.Set<String>> declaredFields(List<String> path) {
                boolean counts = path.size() == 3 && path.get(0).equals("value") && path.get(1).equals("[]");
                return counts ? DATA_PLANE.schemaAt("BatchNodeCounts", List.of()).map(s -> DATA_PLANE.properties(s).keySet())
                        : java.util.Optional.empty();
            }

            public java.util.Optional<List<String>> enumValues(List<String> path) {
                return java.util.Optional.empty();
            }
        };
    }

    private static JsonNode readTree(String text) {
        try {
            return Examples.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
