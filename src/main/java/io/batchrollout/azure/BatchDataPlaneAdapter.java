package io.batchrollout.azure;

import com.azure.core.http.HttpPipeline;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import java.util.List;

/** Placeholder: the Batch data plane over REST (being written). */
final class BatchDataPlaneAdapter implements BatchNodes, BatchJobs {
    private final HttpPipeline pipeline;

    BatchDataPlaneAdapter(HttpPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public NodeCounts nodeCounts(BatchAccount account, String poolId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public List<ComputeNode> nodes(BatchAccount account, String poolId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public List<BatchJob> jobsOnPool(BatchAccount account, String poolId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public TaskCounts taskCounts(BatchAccount account, String jobId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public void disable(BatchAccount account, String jobId, DisableTasks disableTasks) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public void retarget(BatchAccount account, String jobId, String newPoolId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public void enable(BatchAccount account, String jobId) {
        throw new UnsupportedOperationException("not written yet");
    }
}
