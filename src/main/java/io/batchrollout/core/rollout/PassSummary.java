package io.batchrollout.core.rollout;

import io.batchrollout.core.rollout.state.RolloutPhase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one line a pass logs whatever happens, and which pool lines it logs besides: a pool whose step was taken, whose
 * decision changed since this process's last pass, or that needs someone's attention (WARNING). A fleet at rest logs
 * the summary alone. Fields are {@code key=value} pairs so Application Insights can split them ({@code parse-kv}).
 *
 * @param requests requests the process sent during the pass (every attempt), or -1 when not counted
 * @param loud     the pool decisions to log, in the report's order
 * @param drift    the drift report's counts as far as the pass read (a pass over every managed pool only): logged as a
 *                 second line ({@link DriftCounts#line()})
 */
public record PassSummary(int seen, int inSync, int rolling, int blocked, int failed, int deferred, long requests,
                          Duration duration, List<PoolLine> loud, Optional<DriftCounts> drift) {
    public PassSummary {
        loud = List.copyOf(loud);
    }

    /** The same summary with the fleet's drift counts. */
    PassSummary withDrift(DriftCounts counts) {
        return new PassSummary(seen, inSync, rolling, blocked, failed, deferred, requests, duration, loud, Optional.of(counts));
    }

    /** A pool decision to log, at WARNING when someone must act (a failure, unreadable or tampered state, a refusal). */
    public record PoolLine(PassReport.PoolDecision decision, boolean warning) {
    }

    static PassSummary of(List<PassReport.PoolDecision> decisions, List<PoolLine> loud, long requests, Duration took) {
        int inSync = 0, rolling = 0, blocked = 0, failed = 0, deferred = 0;
        for (PassReport.PoolDecision d : decisions) {
            if (isDeferred(d)) {
                deferred++;
            } else if (isFailure(d)) {
                failed++;
            } else if (d.phase().equals(RolloutPhase.STABLE.name())) {
                inSync++;
            } else if (isPhase(d.phase()) && RolloutPhase.valueOf(d.phase()).inProgress()) {
                rolling++;
            } else {
                blocked++;
            }
        }
        return new PassSummary(decisions.size(), inSync, rolling, blocked, failed, deferred, requests, took, loud,
                Optional.empty());
    }

    /** Without counted requests or a timed pass: a report built from decisions alone (tests, other engines). */
    static PassSummary of(List<PassReport.PoolDecision> decisions) {
        return of(decisions, decisions.stream().map(d -> new PoolLine(d, isWarning(d))).toList(), -1, Duration.ZERO);
    }

    public String line() {
        return "pass summary: seen=" + seen + " inSync=" + inSync + " rolling=" + rolling + " blocked=" + blocked
                + " failed=" + failed + " deferred=" + deferred + " requests=" + requests + " durationMs="
                + duration.toMillis();
    }

    static boolean isDeferred(PassReport.PoolDecision d) {
        return d.step().equals(DEFERRED);
    }

    static boolean isFailure(PassReport.PoolDecision d) {
        String step = d.step().toLowerCase(Locale.ROOT);
        return step.endsWith(" failed") || step.endsWith(" refused") || d.reason().startsWith("not decided");
    }

    /** Failures, permission denied, unreadable or tampered state: someone must look. */
    static boolean isWarning(PassReport.PoolDecision d) {
        return d.warning() || isFailure(d) || d.phase().equals("UNREADABLE") || d.phase().startsWith("TAMPER")
                || d.reason().contains("PERMISSION DENIED")
                || d.reason().toLowerCase(Locale.ROOT).contains("tamper");
    }

    static final String DEFERRED = "deferred";

    private static boolean isPhase(String phase) {
        for (RolloutPhase p : RolloutPhase.values()) {
            if (p.name().equals(phase)) {
                return true;
            }
        }
        return false;
    }
}
