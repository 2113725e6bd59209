package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.capacity.RegionSkus;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.core.rollout.bluegreen.CoreQuotaCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A BatchService account with dedicatedCoreQuotaPerVMFamilyEnforced false, and one that answers no
 * dedicatedCoreQuotaPerVMFamily at all: only the total dedicated (and the low-priority) core quota binds, in the
 * simulated Batch and in the app's quota check read through the real adapter.
 */
class FamilyQuotaNotEnforcedTest {
    static final RegionSkus SKUS = new RegionSkus("westeurope", List.of(new VmSku("Standard_D2s_v3", "standardDSv3Family", 2)));
    static BatchWorld world;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** 40 dedicated cores in total, 4 for the DSv3 family (2 Standard_D2s_v3 nodes), enforced or not. */
    private static BatchAccountId account(String name, boolean enforced, boolean listFamilies) {
        BatchAccountId id = world.addAccount(name, 40, 0);
        world.azure.batch().setFamilyCoreQuota(id.toString(), "standardDSv3Family", 4);
        world.azure.batch().setFamilyCoreQuotaEnforced(id.toString(), enforced, listFamilies);
        return id;
    }

    @Test
    void anAccountWithoutAFamilyListAnswersTheFlagFalseAndTheAdapterReadsNoFamilies() throws Exception {
        BatchAccountId id = account("nofamilies", false, false);
        JsonNode properties = BatchJson.MAPPER.readTree(world.send("GET", id + "?api-version=2024-07-01", null).body())
                .path("properties");
        assertFalse(properties.has("dedicatedCoreQuotaPerVMFamily"), properties.toString());
        assertFalse(properties.path("dedicatedCoreQuotaPerVMFamilyEnforced").asBoolean(true));
        assertEquals(40, properties.path("dedicatedCoreQuota").asInt());

        BatchAccount read = world.account(id);
        assertFalse(read.dedicatedCoreQuotaPerVmFamilyEnforced());
        assertTrue(read.dedicatedCoreQuotaPerVmFamily().isEmpty());
        assertEquals(40, read.dedicatedCoreQuota());
    }

    @Test
    void theQuotaCheckAppliesOnlyTheTotalDedicatedQuotaToSuchAnAccount() {
        for (boolean listFamilies : List.of(true, false)) {
            BatchAccountId id = account("total" + listFamilies, false, listFamilies);
            Capacity capacity = new Capacity(world.account(id), SKUS, Optional.empty());
            List<Pool> none = List.of();
            assertEquals(Optional.empty(), CoreQuotaCheck.refusal(capacity, none, "Standard_D2s_v3", 20, 0),
                    "40 cores fit the total of 40 although the family's 4 would not");
            String refusal = CoreQuotaCheck.refusal(capacity, none, "Standard_D2s_v3", 21, 0).orElseThrow();
            assertTrue(refusal.contains("needs 42 dedicated cores (family standardDSv3Family), 0 are in use, the quota is 40"),
                    refusal);
            assertTrue(CoreQuotaCheck.refusal(capacity, none, "Standard_D2s_v3", 0, 1).orElseThrow()
                    .contains("low-priority cores"), "the low-priority quota (0) still binds");
        }
    }

    @Test
    void simulatedBatchAllocatesBeyondTheFamilyQuotaWhenItIsNotEnforcedAndStopsAtItWhenItIs() {
        BatchAccountId loose = account("loose", false, true);
        BatchAccountId strict = account("strict", true, true);
        world.create(loose, "wide", BatchWorld.spec(image.toString(), 6));
        world.create(strict, "wide", BatchWorld.spec(image.toString(), 6));
        world.advance(Duration.ofMinutes(6));

        Pool unbound = world.pool(loose.pool("wide"));
        Pool bound = world.pool(strict.pool("wide"));
        assertEquals(6, unbound.currentDedicatedNodes());
        assertTrue(unbound.resizeErrors().isEmpty(), unbound.resizeErrors().toString());
        assertEquals(2, bound.currentDedicatedNodes());
        assertEquals("AccountCoreQuotaReached", bound.resizeErrors().get(0).code());
    }
}
