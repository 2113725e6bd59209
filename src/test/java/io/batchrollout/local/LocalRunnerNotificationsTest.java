package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.config.Settings;
import io.batchrollout.functions.AppContext;
import io.batchrollout.port.RolloutNotifications;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local runner sends the app's notifications to its simulated topic and prints one line per event received. */
class LocalRunnerNotificationsTest {
    private static final RolloutNotifications.Notice STARTED = new RolloutNotifications.Notice("n1",
            "io.batchrollout.rollout.started", DemoResources.batchAccountId().pool("render").toString(),
            Instant.parse("2026-01-05T09:00:00Z"), new RolloutNotifications.Data("render",
            DemoResources.batchAccountId().toString(), DemoResources.imageId().toString(), "1.0.0", "1.1.0", "DRAINING",
            List.of("drain"), null, "/api/pools/render"));

    @Test
    void byDefaultNotificationsGoToTheSimulatedTopicAndEachIsPrintedOnOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LocalRunner runner = LocalRunner.start(new LocalRunner.Options(0, 0, Seed.NONE, Map.of(), false,
                new PrintStream(out, true, StandardCharsets.UTF_8), 0))) {
            assertEquals(runner.sim().baseUrl() + "/eventgrid/" + LocalRunner.NOTIFICATION_TOPIC + "/api/events",
                    runner.settings().notificationTopicEndpoint().orElseThrow().toString());
            AppContext.services().notifications().publish(List.of(STARTED));

            assertEquals(1, runner.sim().eventGrid().events(LocalRunner.NOTIFICATION_TOPIC).size());
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("notification io.batchrollout.rollout.started "
                + DemoResources.batchAccountId().pool("render") + " 1.0.0->1.1.0"), printed);
    }

    @Test
    void anEmptySettingTurnsThemOff() {
        try (LocalRunner runner = LocalRunner.start(LocalRunner.Options.forTests(
                Map.of(Settings.NOTIFICATION_TOPIC_ENDPOINT, "")))) {
            assertTrue(runner.settings().notificationTopicEndpoint().isEmpty());
            assertTrue(AppContext.services().notifications() == RolloutNotifications.OFF);
        }
    }
}
