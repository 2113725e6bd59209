package io.batchrollout.functions;

/** The issue that will implement each entry point still answering 501; named in the problem detail and in logs. */
enum PlannedIssue {
    IMAGE_VERSION_EVENT("React to new gallery image versions: re-read the version, check replication, roll the pools"),
    DRIFT_CHECK("Drift check on a timer: find pools off their desired image and advance rollouts"),
    CREATE_POOL("Create a pool on an allowed gallery image (validated, idempotent)"),
    GET_POOL("Read one managed pool: image, policy, node counts, rollout phase"),
    LIST_POOLS("List the managed pools of all configured Batch accounts"),
    DRIFT_REPORT("Report the pools not on their desired image");

    private final String title;

    PlannedIssue(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
