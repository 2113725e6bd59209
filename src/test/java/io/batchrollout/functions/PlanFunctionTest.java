package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.local.DemoResources;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/plan on the simulated Azure through the real adapters: a fleet over three configured accounts tracking the
 * demo definition, version 1.1.0 published with one replica in West Europe. The plan reads a bounded number of times
 * and writes nothing.
 */
class PlanFunctionTest {
    static PoolApiWorld world;
    static final String IMAGE = DemoResources.imageId().toString();

    @BeforeAll
    static void fleet() throws Exception {
        world = new PoolApiWorld();
        RolloutPolicy tracked = PoolApiWorld.tracked();
        RolloutPolicy blueGreen = new RolloutPolicy(new ImageRef.Tracked(DemoResources.imageId()), RolloutStrategy.BLUE_GREEN);
        RolloutPolicy pinned = new RolloutPolicy(new ImageRef.Pinned(DemoResources.imageId().version("1.0.0")),
                RolloutStrategy.IN_PLACE);
        pool(world.demo, "canary", 1, Optional.of(tracked));
        pool(world.listOne, "second", 2, Optional.of(tracked));
        pool(world.listOne, "paused", 3, Optional.of(tracked));
        pool(world.demo, "pinned", 4, Optional.of(pinned));
        pool(world.listOne, "third", 5, Optional.of(tracked));
        // 30 nodes of 2 cores hold 60 of the demo account's 100: a candidate of the same size does not fit.
        pool(world.demo, "green", 30, Optional.of(blueGreen));
        pool(world.listTwo, "big", 3000, Optional.of(tracked));
        pool(world.demo, "unmanaged", 1, Optional.empty());
        world.runner.sim().advance(Duration.ofMinutes(6));
        HttpResponse<String> paused = world.http.send(HttpRequest.newBuilder(URI.create(world.runner.baseUrl()
                        + "/api/pools/paused/rollout?batchAccountId=" + world.listOne))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"pause\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, paused.statusCode(), paused.body());
        world.runner.sim().gallery().addVersion(IMAGE, "1.1.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static void pool(BatchAccountId account, String name, int nodes, Optional<RolloutPolicy> policy) {
        String image = DemoResources.imageId().version("1.0.0").toString();
        world.clients.pools().create(account.pool(name), new PoolSpec("Standard_D2s_v3", image, PoolApiWorld.AGENT,
                new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)),
                policy.map(p -> p.writeInto(List.of())).orElse(List.of())));
    }

    private static String query(String... pairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return "/api/plan" + query;
    }

    private static JsonNode line(JsonNode plan, String pool) {
        for (JsonNode p : plan.path("pools")) {
            if (p.path("poolId").asText().equals(pool)) {
                return p;
            }
        }
        throw new AssertionError("no " + pool + " in " + plan);
    }

    @Test
    void thePlanListsTheDefinitionsPoolsInWaveOrderWithWhyEachRollsWaitsOrIsSkippedAndWritesNothing() throws Exception {
        world.runner.sim().requests().clear();

        JsonNode plan = world.ok(query("image", IMAGE));

        Map<String, Long> reads = world.runner.sim().requests().countsByOperation();
        List<RequestLog.Entry> writes = world.runner.sim().requests().entries().stream().filter(RequestLog.Entry::isWrite).toList();
        assertEquals(List.of(), writes, "the plan writes nothing");
        assertEquals("1.1.0", plan.path("version").asText(), "the newest version by default");
        assertEquals(DemoResources.imageId().version("1.1.0").toString(), plan.path("versionId").asText());
        assertTrue(plan.path("assumedReady").asBoolean());
        assertEquals(0, plan.path("newerVersions").size());
        List<String> order = new ArrayList<>();
        plan.path("pools").forEach(p -> order.add(p.path("order").asInt() + " " + p.path("poolId").asText() + " "
                + p.path("action").asText() + " " + p.path("wave").asText("-") + " " + p.path("whyCode").asText()));
        assertEquals(List.of("1 canary roll 1 rollsNow", "2 second wait 2 waitsForSlot", "3 paused skip - paused",
                "4 pinned skip - pinned", "5 third wait 3 waitsForSlot", "6 green skip - quota",
                "7 big wait 4 waitsForSlot"), order);
        assertEquals(1, plan.path("summary").path("roll").asInt());
        assertEquals(3, plan.path("summary").path("wait").asInt());
        assertEquals(3, plan.path("summary").path("skip").asInt());

        JsonNode big = line(plan, "big");
        assertEquals(world.listTwo.toString(), big.path("batchAccountId").asText());
        assertEquals("1.0.0", big.path("currentVersion").asText());
        JsonNode readiness = big.path("readiness");
        assertEquals(false, readiness.path("ready").asBoolean(), readiness.toString());
        assertEquals(10, readiness.path("replicasNeeded").asInt());
        assertEquals(1, readiness.path("replicasPresent").asInt());
        assertEquals("westeurope", readiness.path("region").asText());
        assertEquals("TOO_FEW_REPLICAS", readiness.path("reasons").get(0).path("code").asText(), readiness.toString());
        assertEquals("PT55M", big.path("capacityDown").path("afterDrain").asText(), "45 minutes for 3,000 nodes + VERIFY_GRACE");
        assertTrue(line(plan, "canary").path("readiness").path("ready").asBoolean(), line(plan, "canary").toString());
        assertEquals("inPlace", line(plan, "canary").path("strategy").asText());
        JsonNode green = line(plan, "green");
        assertEquals("blueGreen", green.path("strategy").asText());
        assertEquals(false, green.path("quota").path("ok").asBoolean(), green.toString());
        assertTrue(green.path("quota").path("detail").asText().contains("the candidate needs 60 dedicated cores"), green.toString());
        assertTrue(line(plan, "pinned").path("capacityDown").isNull());

        assertEquals(1L, reads.get("GalleryImages_Get"), reads.toString());
        assertEquals(1L, reads.get("GalleryImageVersions_ListByGalleryImage"), reads.toString());
        assertEquals(1L, reads.get("GalleryImageVersions_Get"), reads.toString());
        assertEquals(3L, reads.get("Pool_ListByBatchAccount"), "one list per configured account: " + reads);
        assertEquals(3L, reads.get("Account_ListPoolNodeCounts"), "per account with an in-place pool that would roll "
                + "(second and third share one list of listone): " + reads);

        // Once the process knows the accounts and the region's VM sizes, a plan costs exactly this.
        world.runner.sim().requests().clear();
        assertEquals(plan, world.ok(query("image", IMAGE)), "the same plan: nothing changed");
        assertEquals(Map.of("GalleryImages_Get", 1L, "GalleryImageVersions_ListByGalleryImage", 1L,
                "GalleryImageVersions_Get", 1L, "Pool_ListByBatchAccount", 3L, "Account_ListPoolNodeCounts", 3L,
                "BatchAccount_Get", 1L), world.runner.sim().requests().countsByOperation(),
                "the account is read afresh for the blue-green quota, as a pass does");
        assertEquals(0, world.runner.sim().requests().writes());
    }

    @Test
    void aVersionGivenByNameOrIdIsPlannedAndPoolsAlreadyOnItAreSkipped() throws Exception {
        JsonNode byId = world.ok(query("image", IMAGE, "version", DemoResources.imageId().version("1.0.0").toString(),
                "code", "the-function-key"));
        JsonNode byName = world.ok("/api/plan?image=" + IMAGE + "&version=1.0.0"); // slashes unencoded, as the README's curl

        assertEquals(byId, byName);
        assertEquals("1.0.0", byName.path("version").asText());
        assertEquals("[\"1.1.0\"]", byName.path("newerVersions").toString());
        assertEquals("alreadyOnVersion", line(byName, "canary").path("whyCode").asText(), line(byName, "canary").toString());
        assertEquals(0, byName.path("summary").path("roll").asInt() + byName.path("summary").path("wait").asInt(),
                byName.toString());
    }

    @Test
    void badQueriesAreRefusedAsProblemsBeforeAnythingIsReadAndNothingIsWritten() throws Exception {
        world.runner.sim().requests().clear();
        String version = DemoResources.imageId().version("1.1.0").toString();

        assertEquals("#/query/image", world.problem(query(), 400).path("errors").get(0).path("pointer").asText());
        JsonNode versionAsImage = world.problem(query("image", version), 400);
        assertTrue(versionAsImage.path("errors").get(0).path("detail").asText().contains("version=1.1.0"), versionAsImage.toString());
        world.problem(query("image", world.demo.pool("canary").toString()), 400);
        world.problem(query("image", "not-an-id"), 400);
        JsonNode badVersion = world.problem(query("image", IMAGE, "version", "1.x"), 400);
        assertEquals("#/query/version", badVersion.path("errors").get(0).path("pointer").asText());
        world.problem(query("image", IMAGE, "version", version.replace("ubuntu2204-batch", "other")), 400);
        JsonNode unknown = world.problem(query("image", IMAGE, "imag", "x", "format", "xml"), 400);
        assertEquals(2, unknown.path("errors").size(), unknown.toString());
        assertEquals(0, world.runner.sim().requests().entries().size(), "a refused query reads nothing");

        JsonNode notAllowed = world.problem(query("image", IMAGE.replace("demogallery", "othergallery")), 422);
        assertTrue(notAllowed.path("detail").asText().contains("ALLOWED_GALLERY_IDS"), notAllowed.toString());
        assertEquals(0, world.runner.sim().requests().entries().size(), "a gallery not allowed is not read");

        JsonNode missing = world.problem(query("image", IMAGE, "version", "9.9.9"), 404);
        assertEquals("1.1.0", missing.path("newestVersions").get(0).asText(), missing.toString());
        world.problem(query("image", DemoResources.galleryId().image("nothing-here").toString()), 404);
        world.runner.sim().gallery().addImageDefinition(DemoResources.galleryId().toString(), "no-versions", "Linux",
                "Generalized", "V2");
        JsonNode none = world.problem(query("image", DemoResources.galleryId().image("no-versions").toString()), 404);
        assertTrue(none.path("detail").asText().endsWith("has no version named Major.Minor.Patch."), none.toString());
        assertEquals(0, world.runner.sim().requests().writes());
    }

    @Test
    void markdownShowsATablePerWaveThenThePoolsNotRolledForAPipelineLog() throws Exception {
        HttpResponse<String> response = world.get(query("image", IMAGE, "format", "markdown"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/markdown; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        String md = response.body();
        assertTrue(md.startsWith("# Dry-run plan: ubuntu2204-batch 1.1.0\n"), md);
        assertTrue(md.contains("- summary: 1 roll, 3 wait, 3 skip\n"), md);
        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
        assertEquals(List.of("## Wave 1 (the slots now)", "## Wave 2", "## Wave 3", "## Wave 4", "## Not rolled in a wave"),
                headings);
        assertTrue(md.contains("| 1 | canary | demobatch | inPlace | 1.0.0 | **roll** |"), md);
        assertTrue(md.contains("| 7 | big | listtwo | inPlace | 1.0.0 | **wait** |"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| 7 | big") && l.contains("no: TOO_FEW_REPLICAS")
                && l.contains("| 10/1 in westeurope (Completed) |")), md);
        for (String row : md.lines().filter(l -> l.startsWith("| ")).toList()) {
            assertEquals(12, row.replace("\\|", "").chars().filter(c -> c == '|').count(), "11 cells: " + row);
        }
    }

    @Test
    void azureThrottlingTheGalleryPastTheSdksRetriesIs503AndAnAccountThatCannotBeListedIsNamedWhileNoPoolRolls()
            throws Exception {
        try {
            world.runner.sim().faults().throttle("GalleryImages_Get", 10, Duration.ZERO);
            HttpResponse<String> throttled = world.get(query("image", IMAGE));
            assertEquals(503, throttled.statusCode(), throttled.body());
            assertEquals("application/problem+json", throttled.headers().firstValue("Content-Type").orElse(""));
            assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(""));
            world.runner.sim().faults().clear();

            world.runner.sim().faults().add("Pool_ListByBatchAccount", new io.batchrollout.sim.FaultInjector.Fault.ServerError(
                    403, "AuthorizationFailed"), 1);
            world.runner.sim().requests().clear();
            JsonNode plan = world.ok(query("image", IMAGE));

            assertEquals(1, plan.path("accountsNotRead").size(), plan.path("accountsNotRead").toString());
            assertEquals(0, plan.path("summary").path("roll").asInt(), "no rollout starts while an account is unread");
            for (JsonNode line : plan.path("pools")) {
                assertTrue(line.path("action").asText().equals("skip") || line.path("whyCode").asText()
                        .equals("waitsForUnreadAccount"), line.toString());
            }
            assertEquals(0, world.runner.sim().requests().writes());
        } finally {
            world.runner.sim().faults().clear();
        }
    }
}
