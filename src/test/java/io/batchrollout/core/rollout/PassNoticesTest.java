package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.port.RolloutNotifications.Notice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Publishing a pass's notices: in batches Event Grid takes, and a failure is one WARNING line that stops nothing. */
class PassNoticesTest {
    private static List<Notice> notices(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Notice("id-" + i, "io.batchrollout.rollout.waiting", "/p/" + i,
                Instant.EPOCH, new RolloutNotifications.Data("p" + i, "a", "d", "1.0.0", "1.1.0", "STABLE", List.of(), null,
                "/api/pools/p" + i))).toList();
    }

    @Test
    void aPassWithManyNoticesPublishesThemInBatchesOfAHundredInOrder() {
        List<List<Notice>> calls = new ArrayList<>();
        List<String> log = new ArrayList<>();
        PassNotices.publish(calls::add, notices(250), log::add);

        assertEquals(List.of(100, 100, 50), calls.stream().map(List::size).toList());
        assertEquals("id-0", calls.get(0).get(0).id());
        assertEquals("id-249", calls.get(2).get(49).id());
        assertEquals(List.of(), log);
    }

    @Test
    void aFailedBatchIsOneWarningAndTheNextBatchIsStillSent() {
        List<List<Notice>> calls = new ArrayList<>();
        List<String> log = new ArrayList<>();
        RolloutNotifications failingFirst = batch -> {
            calls.add(batch);
            if (calls.size() == 1) {
                throw new AzureCallException.Failed(403, "AuthorizationFailed", "no EventGrid Data Sender", null);
            }
        };

        PassNotices.publish(failingFirst, notices(150), log::add);

        assertEquals(2, calls.size(), "not retried, and the rest still sent");
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("WARNING notifications: publishing 100 event(s) failed (403 AuthorizationFailed"),
                log.get(0));
    }
}
