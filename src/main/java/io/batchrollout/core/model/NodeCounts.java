package io.batchrollout.core.model;

/** Node counts of one pool by state, from the Batch data plane's {@code /nodecounts}. */
public record NodeCounts(String poolId, StateCounts dedicated, StateCounts lowPriority) {

    public record StateCounts(int creating, int idle, int offline, int preempted, int rebooting, int reimaging,
                              int running, int starting, int startTaskFailed, int leavingPool, int unknown,
                              int unusable, int waitingForStartTask, int upgradingOS, int total) {
        public static final StateCounts NONE = new StateCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
