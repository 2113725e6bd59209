package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.config.Settings;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan says what the next pass does: with MAX_ROLLOUTS_PER_IMAGE 2 over two accounts and a ready version, the pools
 * the plan rolls are the ones the app's own pass starts, the pool it skips for quota is the one the pass blocks for it,
 * and the waiting ones stay at rest. A pool running tasks gets no capacity-down estimate, only its bound after the drain.
 */
class PlanAgreesWithThePassTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePoolsThePlanRollsAreTheOnesTheNextPassStartsAndTheOthersStayWhereThePlanSaid() throws Exception {
        BatchAccountId demo = DemoResources.batchAccountId();
        BatchAccountId other = PoolApiWorld.sibling("listone");
        try (LocalRunner runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of(Settings.BATCH_ACCOUNT_IDS,
                other + "," + demo, Settings.MAX_ROLLOUTS_PER_IMAGE, "2")).withSeed(Seed.DEMO))) {
            runner.sim().batch().addAccount(DemoResources.SUBSCRIPTION_ID, DemoResources.RESOURCE_GROUP, other.accountName(),
                    DemoResources.LOCATION, 100, 100);
            AzureClients clients = AzureClients.create(runner.sim().target());
            RolloutPolicy inPlace = new RolloutPolicy(new ImageRef.Tracked(DemoResources.imageId()), RolloutStrategy.IN_PLACE);
            RolloutPolicy blueGreen = new RolloutPolicy(new ImageRef.Tracked(DemoResources.imageId()), RolloutStrategy.BLUE_GREEN);
            // The blue-green pool is the canary (fewest nodes), so the pass checks its quota before any slot is taken:
            // with the unmanaged 49 nodes of 2 cores beside it, its 2-core candidate does not fit the demo's 100 cores.
            create(clients, demo, "green", 1, Optional.of(blueGreen));
            create(clients, demo, "hog", 49, Optional.empty());
            create(clients, other, "a", 2, Optional.of(inPlace));
            create(clients, other, "b", 3, Optional.of(inPlace));
            create(clients, other, "c", 4, Optional.of(inPlace));
            create(clients, other, "d", 5, Optional.of(inPlace));
            runner.sim().advance(Duration.ofMinutes(6));
            runner.sim().batch().addJob(other.toString(), "render-job", "b");
            runner.sim().batch().addTask(other.toString(), "render-job", "t1", Duration.ofHours(2));
            runner.sim().advance(Duration.ofMinutes(1));
            runner.sim().gallery().addVersion(DemoResources.imageId().toString(), "1.1.0",
                    List.of(new SimTargetRegion("West Europe", 1, false)), true);
            runner.sim().requests().clear();

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runner.baseUrl()
                    + "/api/plan?image=" + URLEncoder.encode(DemoResources.imageId().toString(), StandardCharsets.UTF_8)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode plan = JSON.readTree(response.body());
            assertEquals(0, runner.sim().requests().writes(), "the plan writes nothing");
            Map<String, String> planned = new java.util.TreeMap<>();
            plan.path("pools").forEach(p -> planned.put(p.path("poolId").asText(), p.path("action").asText() + " "
                    + p.path("wave").asText("-")));
            assertEquals(Map.of("a", "roll 1", "b", "roll 1", "c", "wait 2", "d", "wait 2", "green", "skip -"), planned,
                    plan.toPrettyString());
            JsonNode b = plan.path("pools").get(2);
            assertEquals("b", b.path("poolId").asText());
            assertEquals(1, b.path("capacityDown").path("runningNodes").asInt(), b.toString());
            assertTrue(b.path("capacityDown").path("estimate").isNull(), "a drain bound by a running task has no end: " + b);
            assertEquals("PT25M", b.path("capacityDown").path("afterDrain").asText());

            AppContext.services().rolloutEngine().reconcileAll();

            assertEquals(RolloutPhase.DRAINING, state(clients, other, "a").phase());
            assertEquals(RolloutPhase.DRAINING, state(clients, other, "b").phase());
            assertEquals(RolloutPhase.STABLE, state(clients, other, "c").phase());
            assertEquals(RolloutPhase.STABLE, state(clients, other, "d").phase());
            RolloutState green = state(clients, demo, "green");
            assertEquals(RolloutPhase.BLOCKED, green.phase());
            assertTrue(green.lastDecision().orElse("").contains("the candidate needs 2 dedicated cores"), green.toString());
        }
    }

    private static void create(AzureClients clients, BatchAccountId account, String name, int nodes,
                               Optional<RolloutPolicy> policy) {
        clients.pools().create(account.pool(name), new PoolSpec("Standard_D2s_v3",
                DemoResources.imageId().version("1.0.0").toString(), PoolApiWorld.AGENT, new ScaleSettings.FixedScale(nodes, 0,
                Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), policy.map(p -> p.writeInto(List.of())).orElse(List.of())));
    }

    private static RolloutState state(AzureClients clients, BatchAccountId account, String pool) {
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(clients.pools().get(account.pool(pool))
                .orElseThrow().metadata())).state();
    }
}
