package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchJobs;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Job lists for one pass. A blue-green pool moving jobs reads two pools' jobs (its own and its partner's), one
 * filtered /jobs list each. When {@link #SHARED_FROM} or more pools of one account need jobs in a pass, the account's
 * jobs are listed once instead (every page, 1,000 a page) and each pool is answered from memory, grouped by the pool
 * the job is assigned to ({@code executionInfo.poolId}, what the filtered list matches on). Below that, or when the
 * adapter offers no account-wide list, each pool is asked with its filter, as before. Moves still carry each job's
 * ETag, so a job changed after the list is refused (412), not moved twice. Used by one thread at a time.
 */
final class PassJobs implements BatchJobs {
    /** Two pools cost four filtered lists; one account-wide list of up to 1,000 jobs costs one. */
    static final int SHARED_FROM = 2;

    private final BatchJobs jobs;
    private final Map<String, Integer> neededByAccount;
    private final Map<String, Optional<Map<String, List<BatchJob>>>> read = new HashMap<>();

    private PassJobs(BatchJobs jobs, Map<String, Integer> neededByAccount) {
        this.jobs = jobs;
        this.neededByAccount = neededByAccount;
    }

    static PassJobs of(BatchJobs jobs, FleetSnapshot fleet) {
        Map<String, Integer> needed = new HashMap<>();
        for (FleetSnapshot.Managed m : fleet.managed()) {
            if (RolloutStateCodec.decode(m.pool().metadata()) instanceof RolloutStateCodec.Decoded.Present present
                    && BlueGreenDecider.needsJobs(present.state())) {
                needed.merge(key(m.account().id().toString()), 1, Integer::sum);
            }
        }
        return new PassJobs(jobs, needed);
    }

    @Override
    public List<BatchJob> jobsOnPool(BatchAccount account, String poolId) {
        String accountKey = key(account.id().toString());
        Optional<Map<String, List<BatchJob>>> all = read.computeIfAbsent(accountKey, k -> bulk(account, k));
        return all.isPresent() ? all.get().getOrDefault(key(poolId), List.of()) : jobs.jobsOnPool(account, poolId);
    }

    private Optional<Map<String, List<BatchJob>>> bulk(BatchAccount account, String accountKey) {
        if (neededByAccount.getOrDefault(accountKey, 0) < SHARED_FROM) {
            return Optional.empty();
        }
        try {
            return Optional.of(jobs.jobsOfAccount(account));
        } catch (UnsupportedOperationException notOffered) {
            return Optional.empty();
        }
    }

    @Override
    public TaskCounts taskCounts(BatchAccount account, String jobId) {
        return jobs.taskCounts(account, jobId);
    }

    @Override
    public void disable(BatchAccount account, String jobId, DisableTasks disableTasks, String ifMatch) {
        jobs.disable(account, jobId, disableTasks, ifMatch);
    }

    @Override
    public void retarget(BatchAccount account, String jobId, String newPoolId, String ifMatch) {
        jobs.retarget(account, jobId, newPoolId, ifMatch);
    }

    @Override
    public void enable(BatchAccount account, String jobId, String ifMatch) {
        jobs.enable(account, jobId, ifMatch);
    }

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
