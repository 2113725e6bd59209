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

    TaskCounts taskCounts(BatchAccount account, String jobId);

    void disable(BatchAccount account, String jobId, DisableTasks disableTasks);

    /** Batch accepts a new poolInfo only while the job is disabled. */
    void retarget(BatchAccount account, String jobId, String newPoolId);

    void enable(BatchAccount account, String jobId);
}
