package io.batchrollout.core.rollout.state;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import java.util.List;
import java.util.Optional;

/**
 * What a pass read for a blue-green pool. The account's pools come free with the pass's list call; the rest is read
 * only in the phase that needs it ({@link io.batchrollout.core.rollout.bluegreen.BlueGreenDecider#needsCandidateNodes}, {@link io.batchrollout.core.rollout.bluegreen.BlueGreenDecider#needsJobs}).
 *
 * @param accountPools   every pool of the account, as listed this pass (the candidate and the replaced pool among them)
 * @param capacity       the account read afresh, its region's VM sizes and (UserSubscription mode) the subscription's
 *                       regional usages, only after a {@link Step.ReadQuota}
 * @param candidateNodes node counts of the candidate while it is verified
 * @param jobsOnOld      jobs whose pool is the old pool, while jobs move
 * @param jobsOnCandidate jobs whose pool is the candidate, while jobs move
 */
public record BlueGreenView(List<Pool> accountPools, Optional<Capacity> capacity,
                            Optional<NodeCounts> candidateNodes, List<BatchJob> jobsOnOld,
                            List<BatchJob> jobsOnCandidate) {
    public BlueGreenView {
        accountPools = List.copyOf(accountPools);
        jobsOnOld = List.copyOf(jobsOnOld);
        jobsOnCandidate = List.copyOf(jobsOnCandidate);
    }

    public static BlueGreenView of(List<Pool> accountPools) {
        return new BlueGreenView(accountPools, Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    public Optional<Pool> pool(String name) {
        return accountPools.stream().filter(p -> p.id().poolName().equalsIgnoreCase(name)).findFirst();
    }
}
