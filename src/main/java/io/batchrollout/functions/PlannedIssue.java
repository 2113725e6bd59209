package io.batchrollout.functions;

/** The issue that will implement each entry point still answering 501; named in the problem detail and in logs. */
enum PlannedIssue {
    DRIFT_REPORT(Titles.ROLLOUT_ENGINE);

    private final String title;

    PlannedIssue(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    /** The tracker's issue titles, as filed. */
    private static final class Titles {
        static final String ROLLOUT_ENGINE = "Rollout engine: Event Grid trigger, reconciler, in-place and blue-green rolls, health gate, rollback";
    }
}
