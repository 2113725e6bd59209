package io.batchrollout.core.model;

/**
 * Node counts of one pool by state, from the Batch data plane's {@code /nodecounts} (2024-07-01.20.0, which added
 * {@code deallocated} and {@code deallocating}: nodes stopped by Node_Deallocate, holding no VM and running nothing).
 */
public record NodeCounts(String poolId, StateCounts dedicated, StateCounts lowPriority) {

    public record StateCounts(int creating, int idle, int offline, int preempted, int rebooting, int reimaging,
                              int running, int starting, int startTaskFailed, int leavingPool, int unknown,
                              int unusable, int waitingForStartTask, int upgradingOS, int total, int deallocated,
                              int deallocating) {
        public static final StateCounts NONE = new StateCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Counts read from an answer without the deallocation states (before 2024-07-01.20.0). */
        public StateCounts(int creating, int idle, int offline, int preempted, int rebooting, int reimaging, int running,
                           int starting, int startTaskFailed, int leavingPool, int unknown, int unusable,
                           int waitingForStartTask, int upgradingOS, int total) {
            this(creating, idle, offline, preempted, rebooting, reimaging, running, starting, startTaskFailed, leavingPool,
                    unknown, unusable, waitingForStartTask, upgradingOS, total, 0, 0);
        }
    }
}
