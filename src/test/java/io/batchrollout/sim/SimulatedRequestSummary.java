package io.batchrollout.sim;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, how many requests the simulated Azure answered and for which operations: the
 * cost of the suite in Azure calls, next to its wall time. Registered through META-INF/services.
 */
public final class SimulatedRequestSummary implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Map<String, Long> counts = RequestLog.countsAcrossSimulators();
        if (counts.isEmpty()) {
            return;
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String byOperation = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        System.out.println("Simulated Azure answered " + total + " requests in this run: " + byOperation);
    }
}
