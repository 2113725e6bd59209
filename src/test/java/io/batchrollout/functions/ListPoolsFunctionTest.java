package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/pools end to end: managed pools of every configured account, page by page, never the data plane. */
class ListPoolsFunctionTest {
    static PoolApiWorld world;

    @BeforeAll
    static void start() {
        world = new PoolApiWorld();
        Optional<RolloutPolicy> tracked = Optional.of(PoolApiWorld.tracked());
        Optional<RolloutPolicy> pinned = Optional.of(PoolApiWorld.pinned());
        List<Metadata> team = List.of(new Metadata("team", "list"));
        world.pool(world.listOne, "a-managed", "Standard_D2s_v3", 0, tracked, team);
        world.pool(world.listOne, "b-unmanaged", "Standard_D2s_v3", 0, Optional.empty(), team);
        world.pool(world.listOne, "c-managed", "Standard_D2s_v3", 0, pinned, List.of());
        world.pool(world.listOne, "c2-managed", "Standard_D2s_v3", 0, tracked, List.of());
        world.pool(world.listOne, "d-unmanaged", "Standard_D2s_v3", 0, Optional.empty(), List.of());
        world.pool(world.listOne, "e-unmanaged", "Standard_D2s_v3", 0, Optional.empty(), List.of());
        world.pool(world.listOne, "f-managed", "Standard_D2s_v3", 0, tracked, List.of());
        world.pool(world.listTwo, "g-unmanaged", "Standard_D2s_v3", 0, Optional.empty(), List.of());
        world.pool(world.listTwo, "h-managed", "Standard_D2s_v3", 0, pinned, List.of());
        world.pool(world.listTwo, "i-managed", "Standard_D2s_v3", 0, tracked, List.of());
        world.pool(world.demo, "j-managed", "Standard_D2s_v3", 0, tracked, List.of());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void clearFaults() {
        world.runner.sim().faults().clear();
    }

    /** What a client sees walking every page from the first, following nextLink. */
    static List<JsonNode> walk(int pageSize, List<Integer> pageSizes) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = "/api/pools?pageSize=" + pageSize;
        for (int page = 0; next != null; page++) {
            assertTrue(page < 50, "the walk ends");
            JsonNode body = world.ok(next);
            assertTrue(body.path("value").size() <= pageSize, body.toString());
            pageSizes.add(body.path("value").size());
            body.path("value").forEach(items::add);
            next = body.path("nextLink").isNull() ? null : body.path("nextLink").asText();
            assertEquals(body.path("continuationToken").isNull(), next == null);
        }
        return items;
    }

    /** The managed pools as ARM lists them, account by account in BATCH_ACCOUNT_IDS order. */
    static List<String> expected() {
        List<String> ids = new ArrayList<>();
        for (BatchAccountId account : List.of(world.listOne, world.listTwo, world.demo)) {
            for (Pool pool : world.clients.pools().list(account)) {
                if (RolloutPolicy.of(pool).isPresent()) {
                    ids.add(pool.id().toString().toLowerCase());
                }
            }
        }
        return ids;
    }

    /**
     * ARM pages of two: listone [a, b-] [c, c2] [d-, e-] [f], listtwo [g-, h] [i], demobatch [j]. The first app page
     * ends inside the ARM page [c, c2], so the second re-reads that page and starts at c2: 8 ARM reads in all.
     */
    @Test
    void smallPagesWalkEveryManagedPoolOfEveryAccountOnceInOrder() throws Exception {
        long armLists = world.runner.sim().requests().count("Pool_ListByBatchAccount");
        List<Integer> pageSizes = new ArrayList<>();
        List<JsonNode> items = walk(2, pageSizes);
        long walked = world.runner.sim().requests().count("Pool_ListByBatchAccount") - armLists;

        List<String> ids = items.stream().map(i -> i.path("id").asText().toLowerCase()).toList();
        assertEquals(expected(), ids);
        assertEquals(List.of("a-managed", "c-managed", "c2-managed", "f-managed", "h-managed", "i-managed", "j-managed"),
                items.stream().map(i -> i.path("poolId").asText()).toList());
        assertEquals(List.of(2, 2, 2, 1), pageSizes);
        assertEquals(8, walked);
    }

    @Test
    void theWholeListIsTheSameWhateverThePageSize() throws Exception {
        List<String> one = walk(1, new ArrayList<>()).stream().map(i -> i.path("id").asText()).toList();
        List<String> hundred = walk(100, new ArrayList<>()).stream().map(i -> i.path("id").asText()).toList();
        assertEquals(one, hundred);
    }

    @Test
    void listItemsAreSummariesReadWithoutTheDataPlane() throws Exception {
        long nodeCounts = world.runner.sim().requests().count("Account_ListPoolNodeCounts");
        long armLists = world.runner.sim().requests().count("Pool_ListByBatchAccount");

        JsonNode first = world.ok("/api/pools?pageSize=100").path("value").path(0);

        assertEquals(nodeCounts, world.runner.sim().requests().count("Account_ListPoolNodeCounts"));
        assertEquals(armLists + 3, world.runner.sim().requests().count("Pool_ListByBatchAccount"), "one ARM page per account");
        assertEquals("a-managed", first.path("poolId").asText());
        assertEquals(world.listOne.toString(), first.path("batchAccountId").asText());
        assertEquals("tracked", first.path("policy").path("mode").asText());
        assertEquals("latestOfDefinition", first.path("image").path("kind").asText());
        assertEquals("Steady", first.path("allocationState").asText());
        assertFalse(first.has("nodeCounts"));
    }

    @Test
    void aForgedContinuationIsRefusedAndNothingIsCalled() throws Exception {
        String token = world.ok("/api/pools?pageSize=1").path("continuationToken").asText();
        ObjectNode decoded = (ObjectNode) PoolApiWorld.JSON.readTree(Base64.getUrlDecoder().decode(token));
        AtomicInteger elsewhere = new AtomicInteger();
        HttpServer bait = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bait.createContext("/", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        bait.start();
        try {
            String sim = world.runner.sim().baseUrl();
            String bailHost = "https://127.0.0.1:" + bait.getAddress().getPort();
            List<String> links = List.of(
                    bailHost + world.listOne + "/pools?api-version=2023-05-01",
                    "http://127.0.0.1:" + bait.getAddress().getPort() + world.listOne + "/pools?x=1",
                    sim + world.listTwo + "/pools?api-version=2023-05-01",
                    sim + world.listOne + "/pools/a-managed?api-version=2023-05-01",
                    sim + "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers"
                            + "/Microsoft.Compute/galleries/demogallery/images?api-version=2024-03-03",
                    sim + world.listOne + "/pools/..%2F..%2F..%2Fpools?x=1");
            long before = world.runner.sim().requests().entries().size();
            for (String link : links) {
                decoded.put("a", 0).put("l", link);
                String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(decoded.toString().getBytes(StandardCharsets.UTF_8));
                JsonNode problem = world.problem("/api/pools?continuationToken=" + URLEncoder.encode(forged, StandardCharsets.UTF_8), 400);
                assertTrue(problem.path("detail").asText().contains("continuation token"), problem.toString());
            }
            world.problem("/api/pools?continuationToken=not-a-token", 400);
            assertEquals(before, world.runner.sim().requests().entries().size(), "no request reached the simulated Azure");
            assertEquals(0, elsewhere.get(), "no request reached the forged host");
        } finally {
            bait.stop(0);
        }
    }

    @Test
    void pageSizeIsAWholeNumberFromOneToAHundred() throws Exception {
        for (String bad : List.of("0", "101", "-1", "1.5", "ten", "99999999999")) {
            world.problem("/api/pools?pageSize=" + bad, 400);
        }
    }

    @Test
    void throttledListingIs503WithRetryAfter() throws Exception {
        world.runner.sim().faults().throttle("Pool_ListByBatchAccount", 10, Duration.ZERO);

        HttpResponse<String> response = world.get("/api/pools");

        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
    }
}
