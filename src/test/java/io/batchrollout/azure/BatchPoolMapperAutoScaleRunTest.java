package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** properties.autoScaleRun of a pool GET, read through the SDK's own model into the core's record. */
class BatchPoolMapperAutoScaleRunTest {
    static final String ID = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acc/pools/render";

    static Pool read(String autoScaleRun) throws IOException {
        String json = "{\"id\":\"" + ID + "\",\"name\":\"render\",\"properties\":{\"vmSize\":\"STANDARD_D2S_V3\","
                + "\"scaleSettings\":{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes=10;\",\"evaluationInterval\":\"PT5M\"}}"
                + (autoScaleRun == null ? "" : ",\"autoScaleRun\":" + autoScaleRun) + "}}";
        PoolInner inner = SerializerFactory.createDefaultManagementSerializerAdapter()
                .deserialize(json, PoolInner.class, SerializerEncoding.JSON);
        return BatchPoolMapper.pool(inner, "\"etag\"");
    }

    @Test
    void theEvaluatedTargetsAreReadFromBatchsResultsString() throws IOException {
        Pool pool = read("{\"evaluationTime\":\"2026-03-01T12:00:05.1234567Z\",\"results\":"
                + "\"$TargetDedicatedNodes=10;$TargetLowPriorityNodes=2;$NodeDeallocationOption=requeue;$curTime=2026-03-01T12:00:05Z\"}");

        PoolAutoScaleRun run = pool.autoScaleRun().orElseThrow();
        assertEquals(Instant.parse("2026-03-01T12:00:05.1234567Z"), run.evaluationTime());
        assertEquals(OptionalInt.of(10), run.targetDedicatedNodes());
        assertEquals(OptionalInt.of(2), run.targetLowPriorityNodes());
        assertEquals(Optional.of(new PoolAutoScaleRun.Targets(10, 2)), run.evaluatedTargets());
        assertEquals(Optional.empty(), run.error());
    }

    @Test
    void anEvaluationErrorKeepsItsCodeMessageAndDetails() throws IOException {
        Pool pool = read("{\"evaluationTime\":\"2026-03-01T12:00:05Z\",\"results\":\"$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0\","
                + "\"error\":{\"code\":\"InsufficientSampleData\",\"message\":\"Autoscale evaluation failed due to insufficient sample data\","
                + "\"details\":[{\"code\":\"Message\",\"message\":\"Line 1, Col 24: Insufficient data from data set\"}]}}");

        PoolAutoScaleRun run = pool.autoScaleRun().orElseThrow();
        PoolAutoScaleRun.Error error = run.error().orElseThrow();
        assertEquals("InsufficientSampleData", error.code());
        assertEquals(List.of("Line 1, Col 24: Insufficient data from data set"), error.details());
        assertEquals(Optional.empty(), run.evaluatedTargets(), "an errored evaluation gives no targets to verify against");
        assertTrue(error.describe().contains("insufficient sample data"), error.describe());
    }

    @Test
    void resultsWithoutTheTargetsGiveNoTargetsAndAPoolWithoutARunHasNone() throws IOException {
        Pool odd = read("{\"evaluationTime\":\"2026-03-01T12:00:05Z\",\"results\":\"$NodeDeallocationOption=requeue;$x=ten\"}");
        Pool legacy = read("{\"evaluationTime\":\"2026-03-01T12:00:05Z\",\"results\":\"$TargetDedicated=4.0;totalNodes=4\"}");

        assertEquals(Optional.empty(), odd.autoScaleRun().orElseThrow().evaluatedTargets());
        assertEquals(Optional.of(new PoolAutoScaleRun.Targets(4, 0)), legacy.autoScaleRun().orElseThrow().evaluatedTargets());
        assertEquals(Optional.empty(), read(null).autoScaleRun());
    }
}
