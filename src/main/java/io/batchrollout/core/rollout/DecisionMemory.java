package io.batchrollout.core.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quiet at rest: which pool decisions of a pass are worth a log line. A pool is logged when a step was taken, when its
 * decision differs from the one this process saw in its last pass, or when someone must act. The decision's words are
 * compared without digits, so a count ticking up (minutes waited, nodes ready) is not news. Kept in the process's
 * memory: after a restart the first pass logs every pool once.
 */
final class DecisionMemory {
    private final Map<String, String> last = new ConcurrentHashMap<>();

    List<PassSummary.PoolLine> worthLogging(List<PassReport.PoolDecision> decisions) {
        List<PassSummary.PoolLine> loud = new ArrayList<>();
        for (PassReport.PoolDecision d : decisions) {
            if (PassSummary.isDeferred(d)) {
                continue;
            }
            String now = (d.phase() + "|" + d.step() + "|" + d.reason()).replaceAll("[0-9]", "");
            String before = last.put(d.pool().toString().toLowerCase(Locale.ROOT), now);
            boolean warning = PassSummary.isWarning(d);
            if (warning || !d.step().equals("none") || !now.equals(before)) {
                loud.add(new PassSummary.PoolLine(d, warning));
            }
        }
        return loud;
    }
}
