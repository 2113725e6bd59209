package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated Batch evaluates autoscale formulas when they are set and every evaluationInterval, as Batch does. */
class AutoscaleRunTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static ImageVersionId good;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("autoscale", 10_000, 100);
        good = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static Pool autoscale(String name, String formula) {
        Pool pool = world.create(accountId, name, BatchWorld.spec(good.toString(), 0));
        return world.clients.pools().update(pool.id(), PoolUpdate.scale(new ScaleSettings.AutoScale(formula,
                Duration.ofMinutes(5))), pool.etag());
    }

    @Test
    void settingAFormulaStampsItsEvaluationAtOnceInBatchsResultsForm() throws Exception {
        Instant now = world.azure.clock().now();
        Pool pool = autoscale("stamped", "$TargetDedicatedNodes=2; $TargetLowPriorityNodes=1;");

        PoolAutoScaleRun run = pool.autoScaleRun().orElseThrow();
        assertEquals(now, run.evaluationTime());
        assertEquals(Optional.of(new PoolAutoScaleRun.Targets(2, 1)), run.evaluatedTargets());
        JsonNode raw = new ObjectMapper().readTree(world.send("GET", pool.id() + "?api-version=2024-07-01", null).body())
                .path("properties").path("autoScaleRun");
        assertEquals("$TargetDedicatedNodes=2;$TargetLowPriorityNodes=1;$NodeDeallocationOption=requeue",
                raw.path("results").asText());
        assertTrue(raw.path("error").isMissingNode(), raw.toString());
    }

    @Test
    void theFormulaIsEvaluatedAgainEveryEvaluationInterval() {
        Pool pool = autoscale("periodic", "$TargetDedicatedNodes=1;");
        Instant first = pool.autoScaleRun().orElseThrow().evaluationTime();

        world.advance(Duration.ofMinutes(4));
        assertEquals(first, world.pool(pool.id()).autoScaleRun().orElseThrow().evaluationTime(), "not yet due");
        world.advance(Duration.ofMinutes(7));
        Pool later = world.pool(pool.id());

        assertEquals(first.plus(Duration.ofMinutes(10)), later.autoScaleRun().orElseThrow().evaluationTime(),
                "evaluated at +5 and +10 minutes, each at its own due time");
        assertEquals(1, later.currentDedicatedNodes());
    }

    @Test
    void aFormulaItCannotEvaluateReportsAnErrorAndKeepsTheTargets() {
        Pool pool = autoscale("keeps", "$TargetDedicatedNodes=2;");
        world.advance(Duration.ofMinutes(6));
        Pool grown = world.pool(pool.id());
        Instant before = world.azure.clock().now();

        Pool failing = world.clients.pools().update(pool.id(), PoolUpdate.scale(new ScaleSettings.AutoScale(
                "$TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1));", Duration.ofMinutes(5))), grown.etag());
        world.advance(Duration.ofMinutes(6));

        PoolAutoScaleRun.Error error = failing.autoScaleRun().orElseThrow().error().orElseThrow();
        assertEquals("InsufficientSampleData", error.code());
        assertTrue(error.details().get(0).startsWith("Line 1, Col 1:"), error.details().toString());
        Pool after = world.pool(pool.id());
        assertEquals(before.plus(Duration.ofMinutes(5)), after.autoScaleRun().orElseThrow().evaluationTime(),
                "a failing formula is still evaluated every interval");
        assertTrue(after.autoScaleRun().orElseThrow().error().isPresent());
        assertEquals(2, after.currentDedicatedNodes(), "the targets stay as they were");
    }

    @Test
    void aPoolLeavingAutoscaleShowsNoRun() {
        Pool pool = autoscale("leaves", "$TargetDedicatedNodes=0;");
        Pool fixed = world.clients.pools().update(pool.id(), PoolUpdate.scale(BatchWorld.fixed(0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.REQUEUE)), pool.etag());
        assertEquals(Optional.empty(), fixed.autoScaleRun());
    }
}
