package io.batchrollout.core.rollout;

import io.batchrollout.core.model.PoolId;
import java.util.List;

/**
 * What one pass decided for each pool it looked at, one readable line each, and the accounts whose pools it could not
 * read (their pools were left for the next pass): both go to the invocation's log.
 */
public record PassReport(List<PoolDecision> decisions, List<UnreadAccount> unreadAccounts, PassSummary summary,
                         List<String> promotions) {
    public PassReport {
        decisions = List.copyOf(decisions);
        unreadAccounts = List.copyOf(unreadAccounts);
        promotions = List.copyOf(promotions);
    }

    /**
     * Without gated promotion's lines ({@code promotions}: what it decided or wrote per image definition this pass, new
     * or changed since the process's last pass; "WARNING " first when someone must act).
     */
    public PassReport(List<PoolDecision> decisions, List<UnreadAccount> unreadAccounts, PassSummary summary) {
        this(decisions, unreadAccounts, summary, List.of());
    }

    public PassReport(List<PoolDecision> decisions, List<UnreadAccount> unreadAccounts) {
        this(decisions, unreadAccounts, PassSummary.of(decisions));
    }

    public PassReport(List<PoolDecision> decisions) {
        this(decisions, List.of());
    }

    /** An account whose pools this pass did not see, and Azure's answer. */
    public record UnreadAccount(String account, int status, String code) {
        public String line() {
            return "account " + account + ": pools not read (" + status + " " + code + "), the next pass tries again";
        }
    }

    /**
     * @param phase    the pool's rollout phase after the pass
     * @param step     the step taken (e.g. "drain", "change image", "none")
     * @param reason   why, in words a platform engineer acts on
     */
    public record PoolDecision(PoolId pool, String phase, String version, String step, String reason) {
        /** "pool render: phase DRAINING, version 1.1.0, step drain: ..." */
        /**
         * The same facts as {@code key=value} fields, for queries in Application Insights:
         * {@code traces | parse-kv message as (pool:string, account:string, phase:string) with (pair_delimiter=' ', kv_delimiter='=')}.
         */
        public String fields() {
            return "pool=" + pool.poolName() + " account=" + pool.account().accountName() + " phase=" + phase
                    + " version=" + version + " step=" + step.replace(' ', '_');
        }

        public String line() {
            return "pool " + pool.poolName() + ": phase " + phase + ", version " + version + ", step " + step + ": " + reason;
        }

        /** Logged at WARNING: the pool could not be decided (FAILED), its state is TAMPERED or UNREADABLE, or a role is missing. */
        public boolean warning() {
            return phase.equals("FAILED") || phase.equals("TAMPERED") || phase.equals("UNREADABLE")
                    || reason.startsWith("PERMISSION DENIED");
        }
    }
}
