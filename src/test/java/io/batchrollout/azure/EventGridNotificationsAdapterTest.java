package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.sim.SimulatedAzure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Event Grid adapter gives up on a topic that does not answer, so a hung topic holds a pass only that long. */
class EventGridNotificationsAdapterTest {
    private static final RolloutNotifications.Notice NOTICE = new RolloutNotifications.Notice("n1",
            "io.batchrollout.rollout.started", "/subscriptions/s/pools/p", Instant.parse("2026-01-05T09:00:10Z"),
            new RolloutNotifications.Data("p", "a", "d", "1.0.0", "1.1.0", "DRAINING", List.of(), null, "/api/pools/p"));

    @Test
    void aTopicSlowerThanTheTimeoutFailsThePublishInsteadOfHoldingThePass() {
        try (SimulatedAzure sim = SimulatedAzure.start(0)) {
            String endpoint = sim.addTopic("slow");
            AtomicInteger sent = new AtomicInteger();
            EventGridNotificationsAdapter adapter = new EventGridNotificationsAdapter(endpoint, SimulatedAzure.credential(),
                    new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()))
                            .build(),
                    (context, next) -> {
                        sent.incrementAndGet();
                        return next.process();
                    }, Duration.ofMillis(500));
            sim.faults().latency("PublishCloudEventEvents", 1, Duration.ofSeconds(2));

            long start = System.nanoTime();
            RuntimeException failed = assertThrows(RuntimeException.class, () -> adapter.publish(List.of(NOTICE)));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(waitedMs < 1_900, "gave up before the topic answered: " + waitedMs + " ms (" + failed + ")");
            assertEquals(1, sent.get(), "one attempt, counted, not retried");
            adapter.publish(List.of(NOTICE));
            assertEquals("2026-01-05T09:00:10Z", sim.eventGrid().events("slow").get(0).event().path("time").asText(),
                    "a time with seconds is written as it is");
        }
    }
}
