package io.batchrollout.core.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreatePoolCommandTest {
    static final BatchAccountId ACCOUNT = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/b/providers/Microsoft.Batch/batchAccounts/a");
    static final ImageDefinitionId IMAGE = ImageDefinitionId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/img/providers/Microsoft.Compute/galleries/g/images/ubuntu");

    static CreatePoolCommand command(int dedicated, int lowPriority, List<Metadata> metadata) {
        return new CreatePoolCommand(ACCOUNT.pool("p"), "Standard_D2s_v3", dedicated, lowPriority, new ImageRef.Tracked(IMAGE),
                "batch.node.ubuntu 22.04", Optional.empty(), RolloutStrategy.IN_PLACE, metadata);
    }

    @Test
    void resizeTimeoutIsFifteenMinutesPerStartedThousandNodesAndNeverLess() {
        assertEquals(Duration.ofMinutes(15), command(0, 0, List.of()).resizeTimeout());
        assertEquals(Duration.ofMinutes(15), command(1, 0, List.of()).resizeTimeout());
        assertEquals(Duration.ofMinutes(15), command(600, 400, List.of()).resizeTimeout());
        assertEquals(Duration.ofMinutes(30), command(1000, 1, List.of()).resizeTimeout());
        assertEquals(Duration.ofMinutes(45), command(2000, 1000, List.of()).resizeTimeout());
    }

    @Test
    void thePoolsMetadataIsTheCallersEntriesThenThePolicy() {
        List<Metadata> caller = List.of(new Metadata("team", "render"), new Metadata("owner", "ops"));
        CreatePoolCommand command = command(2, 0, caller);

        assertEquals(caller, PoolMetadata.split(command.metadata()).caller());
        assertEquals(new RolloutPolicy(new ImageRef.Tracked(IMAGE), RolloutStrategy.IN_PLACE),
                RolloutPolicy.decode(command.metadata()) instanceof RolloutPolicy.Decoded.Present p ? p.policy() : null);
    }

    @Test
    void callerMetadataUnderTheAppsPrefixCannotReachACommand() {
        assertThrows(IllegalArgumentException.class,
                () -> command(1, 0, List.of(new Metadata(PoolMetadata.PREFIX + "policy.image", "x"))));
    }
}
