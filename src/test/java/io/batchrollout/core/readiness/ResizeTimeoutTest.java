package io.batchrollout.core.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResizeTimeoutTest {

    @Test
    void fifteenMinutesForEveryStartedThousandNodesNeverLess() {
        assertEquals(Duration.ofMinutes(15), ResizeTimeout.forNodes(0));
        assertEquals(Duration.ofMinutes(15), ResizeTimeout.forNodes(1));
        assertEquals(Duration.ofMinutes(15), ResizeTimeout.forNodes(1_000));
        assertEquals(Duration.ofMinutes(30), ResizeTimeout.forNodes(1_001));
        assertEquals(Duration.ofMinutes(30), ResizeTimeout.forNodes(2_000));
        assertEquals(Duration.ofMinutes(45), ResizeTimeout.forNodes(2_001));
        assertEquals(Duration.ofMinutes(450), ResizeTimeout.forNodes(30_000));
    }

    @Test
    void negativeNodeCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ResizeTimeout.forNodes(-1));
    }
}
