package io.batchrollout.port;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.TaskCounts;
import java.util.List;

/** Jobs on the Batch data plane: what a blue-green rollout moves from the old pool to the new one. */
public interface BatchJobs {

    /** What happens to a job's running tasks when it is disabled. */
    enum DisableTasks { REQUEUE, TERMINATE, WAIT }

    List<BatchJob> jobsOnPool(BatchAccount account, String poolId);

    /**
     * Every job of the account, grouped by the pool it is assigned to ({@code executionInfo.poolId}, lower case, the
     * same match as {@link #jobsOnPool}): one unfiltered, paged /jobs list at 1,000 jobs a page. Adapters that cannot
     * list it throw {@link UnsupportedOperationException}, and callers ask per pool instead.
     */
    default java.util.Map<String, List<BatchJob>> jobsOfAccount(BatchAccount account) {
        throw new UnsupportedOperationException("account-wide job lists are not offered by " + getClass().getName());
    }

    TaskCounts taskCounts(BatchAccount account, String jobId);

    /**
     * With {@code ifMatch} (the job's ETag as read, or null for no condition) Batch refuses with 412 once the job
     * changed: two writers that read the same job cannot both act on it.
     */
    void disable(BatchAccount account, String jobId, DisableTasks disableTasks, String ifMatch);

    /** Batch accepts a new poolInfo only while the job is disabled; {@code ifMatch} as for disable. */
    void retarget(BatchAccount account, String jobId, String newPoolId, String ifMatch);

    /** {@code ifMatch} as for disable. */
    void enable(BatchAccount account, String jobId, String ifMatch);

    default void disable(BatchAccount account, String jobId, DisableTasks disableTasks) {
        disable(account, jobId, disableTasks, null);
    }

    default void retarget(BatchAccount account, String jobId, String newPoolId) {
        retarget(account, jobId, newPoolId, null);
    }

    default void enable(BatchAccount account, String jobId) {
        enable(account, jobId, null);
    }
}
