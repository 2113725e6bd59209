package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.pools.NodeCountsReading;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolStatusJsonTest {

    @Test
    void reasonsCarryTheirCodeVersionAndNumbers() {
        Reason replicas = new Reason(ReasonCode.TOO_FEW_REPLICAS, "2 replicas in westeurope, 4 needed for 1,200 nodes",
                Optional.of("1.2.0"), Map.of("region", "westeurope", "replicasPresent", 2, "replicasNeeded", 4));
        Reason generalized = new Reason(ReasonCode.IMAGE_NOT_GENERALIZED, "Specialized", Optional.empty(), Map.of());

        assertEquals("[{\"code\":\"TOO_FEW_REPLICAS\",\"message\":\"2 replicas in westeurope, 4 needed for 1,200 nodes\","
                + "\"version\":\"1.2.0\",\"facts\":{\"region\":\"westeurope\",\"replicasNeeded\":4,\"replicasPresent\":2}},"
                + "{\"code\":\"IMAGE_NOT_GENERALIZED\",\"message\":\"Specialized\",\"version\":null,\"facts\":{}}]",
                PoolStatusJson.write(PoolStatusJson.reasons(List.of(replicas, generalized))));
    }

    @Test
    void unavailableNodeCountsSayWhyAndHoldNoNumbers() {
        assertEquals("{\"available\":false,\"dedicated\":null,\"lowPriority\":null,\"reason\":\"the Batch data plane answered 403\"}",
                PoolStatusJson.write(PoolStatusJson.nodeCounts(new NodeCountsReading.Unavailable("the Batch data plane answered 403"))));
    }
}
