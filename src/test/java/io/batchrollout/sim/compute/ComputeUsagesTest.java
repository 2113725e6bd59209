package io.batchrollout.sim.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeUsage;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.testworld.BatchWorld;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage_List through the app's adapter: counters in Compute's shape, Batch nodes of UserSubscription accounts counted
 * in their subscription and region, and the same limits capping those accounts' allocations.
 */
class ComputeUsagesTest {
    static final String SUB = BatchWorld.SUBSCRIPTION;
    static final ObjectMapper JSON = new ObjectMapper();
    static BatchWorld world;
    static BatchAccountId userAccount;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        world.azure.batch().addUserSubscriptionAccount(SUB, BatchWorld.RESOURCE_GROUP, "usersub", BatchWorld.REGION);
        userAccount = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/" + BatchWorld.RESOURCE_GROUP
                + "/providers/Microsoft.Batch/batchAccounts/usersub");
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    static ComputeUsage usage(String counter) {
        return world.clients.usages().regionalUsages(SUB, BatchWorld.REGION).stream().filter(u -> u.named(counter))
                .findFirst().orElseThrow(() -> new AssertionError("no usage " + counter));
    }

    static PoolSpec spec(String vmSize, int dedicated) {
        PoolSpec base = BatchWorld.spec(image.toString(), dedicated);
        return new PoolSpec(vmSize, base.imageReferenceId(), base.nodeAgentSkuId(), base.scaleSettings(), base.startTask(),
                base.metadata());
    }

    @Test
    void aUserSubscriptionAccountReportsNoCoreQuotasOfItsOwn() {
        BatchAccount account = world.account(userAccount);
        assertEquals("UserSubscription", account.poolAllocationMode());
        assertEquals(0, account.dedicatedCoreQuota());
        assertTrue(account.dedicatedCoreQuotaPerVmFamily().isEmpty());
    }

    @Test
    void nodesOfAUserSubscriptionAccountCountInTheFamilyAndRegionalVcpusOnTopOfTheBaseline() {
        world.azure.compute().setBaseline(SUB, BatchWorld.REGION, "standardFSv2Family", 6);
        world.azure.compute().setBaseline(SUB, BatchWorld.REGION, "cores", 30);
        long coresBefore = usage("cores").currentValue();
        world.create(userAccount, "fsv2", spec("Standard_F4s_v2", 3));
        world.advance(Duration.ofMinutes(5));

        assertEquals(new ComputeUsage("standardFSv2Family", 6 + 12, 100), usage("standardFSv2Family"));
        assertEquals(coresBefore + 12, usage("cores").currentValue());
        assertEquals(350, usage("cores").limit());
        assertEquals(0, usage("lowPriorityCores").currentValue());
    }

    @Test
    void theUsageListHasComputesShapeAndRefusesAnApiVersionComputeDoesNotServe() throws Exception {
        int mark = world.azure.requests().entries().size();
        world.clients.usages().regionalUsages(SUB, BatchWorld.REGION);
        List<RequestLog.Entry> sent = world.azure.requests().entries().subList(mark, world.azure.requests().entries().size());
        assertEquals(1, sent.size());
        assertEquals("Usage_List", sent.get(0).operation());
        assertEquals("api-version=2024-11-01", sent.get(0).query());

        String path = "/subscriptions/" + SUB + "/providers/Microsoft.Compute/locations/" + BatchWorld.REGION + "/usages";
        HttpResponse<String> response = world.send("GET", path + "?api-version=2024-11-01", null);
        JsonNode cores = null;
        for (JsonNode usage : JSON.readTree(response.body()).get("value")) {
            if (usage.get("name").get("value").asText().equals("standardDSv3Family")) {
                cores = usage;
            }
        }
        assertTrue(cores != null, response.body());
        assertEquals("Count", cores.get("unit").asText());
        assertEquals("Standard DSv3 Family vCPUs", cores.get("name").get("localizedValue").asText());
        assertTrue(cores.get("limit").isIntegralNumber() && cores.get("currentValue").isIntegralNumber());

        HttpResponse<String> old = world.send("GET", path + "?api-version=2014-01-01", null);
        assertEquals(400, old.statusCode());
        assertTrue(old.body().contains("NoRegisteredProviderFound"), old.body());
    }

    @Test
    void anAllocationBeyondTheSubscriptionsFamilyLimitStopsWhereTheLimitIs() {
        world.azure.compute().setLimit(SUB, BatchWorld.REGION, "standardESv3Family", 10);
        world.create(userAccount, "esv3", spec("Standard_E4s_v3", 4));
        world.advance(Duration.ofMinutes(20));

        Pool pool = world.pool(userAccount.pool("esv3"));
        assertEquals("Steady", pool.allocationState());
        assertEquals(2, pool.currentDedicatedNodes(), "two 4-vCPU nodes fit a limit of 10");
        assertEquals("AllocationFailed", pool.resizeErrors().get(0).code());
        assertTrue(pool.resizeErrors().get(0).message().contains("standardESv3Family"), pool.resizeErrors().get(0).message());
        assertEquals(new ComputeUsage("standardESv3Family", 8, 10), usage("standardESv3Family"));
    }
}
