package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchPools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pool_Delete carries no If-Match (the simulator ignores one, as Azure may), so the retiring old pool is re-read with
 * its jobs right before it is deleted: someone who changes it, or submits a job to it, between the pass's read and the
 * delete keeps it. The change is made at a point the old code also passed (after the list, after the job reads), so
 * these tests fail on a reconciler that deletes with the ETag it listed.
 */
class BlueGreenDeleteCheckSimTest extends RolloutWorldTest {

    /** The real adapter; someone adds a metadata entry to {@code victim} right after the pass lists the account. */
    private static final class EditedAfterList extends ForwardingBatchPools {
        private final String victim;
        private boolean done;

        EditedAfterList(BatchPools real, String victim) {
            super(real);
            this.victim = victim;
        }

        @Override
        public List<Pool> list(BatchAccountId account) {
            List<Pool> listed = real.list(account);
            if (!done) {
                done = true;
                Pool pool = listed.stream().filter(p -> p.id().poolName().equals(victim)).findFirst().orElseThrow();
                List<Metadata> more = new ArrayList<>(pool.metadata());
                more.add(new Metadata("owner-note", "keep until Friday"));
                real.update(pool.id(), PoolUpdate.metadata(more), pool.etag());
            }
            return listed;
        }
    }

    /** The real data-plane adapter; a pipeline submits a job to {@code victim} once the pass has read the jobs. */
    private static final class JobSubmittedAfterRead implements BatchJobs {
        private final BatchJobs real;
        private final String candidate;
        private final String victim;
        private boolean done;

        JobSubmittedAfterRead(BatchJobs real, String candidate, String victim) {
            this.real = real;
            this.candidate = candidate;
            this.victim = victim;
        }

        @Override
        public List<BatchJob> jobsOnPool(BatchAccount account, String poolId) {
            List<BatchJob> jobs = real.jobsOnPool(account, poolId);
            // The pass reads the old pool's jobs, then the candidate's: the job arrives after both.
            if (!done && poolId.equals(candidate)) {
                done = true;
                world.sim.batch().addJob(world.account.toString(), "late-nightly", victim);
            }
            return jobs;
        }

        public TaskCounts taskCounts(BatchAccount account, String jobId) {
            return real.taskCounts(account, jobId);
        }

        public void disable(BatchAccount account, String jobId, DisableTasks disableTasks, String ifMatch) {
            real.disable(account, jobId, disableTasks, ifMatch);
        }

        public void retarget(BatchAccount account, String jobId, String newPoolId, String ifMatch) {
            real.retarget(account, jobId, newPoolId, ifMatch);
        }

        public void enable(BatchAccount account, String jobId, String ifMatch) {
            real.enable(account, jobId, ifMatch);
        }
    }

    private static Reconciler engine(BatchPools pools, BatchJobs jobs) {
        return new Reconciler(List.of(world.account), pools, world.clients.nodes(), jobs, world.accounts,
                world.capacity(pools), world.resolver, HealthGate.defaults(), world.clock, line -> {
                    synchronized (world.log) {
                        world.log.add(world.sim.clock().now() + " " + line);
                    }
                });
    }

    /** Passes a minute apart until the next pass would delete the drained, empty old pool (checked before each pass). */
    private static void untilTheNextPassDeletes(ImageDefinitionId image, String old) {
        for (int pass = 0; pass < 60; pass++) {
            Pool pool = world.get(old);
            if (phase(old) == RolloutPhase.RETIRING_OLD_POOL && pool.isSteadyAndEmpty()
                    && PoolFacts.isDrainScale(pool.scaleSettings()) && "Succeeded".equals(pool.provisioningState())) {
                return;
            }
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("the old pool never got ready to delete:\n" + String.join("\n", world.log));
    }

    private static long deletes(String pool) {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Delete") && e.path().endsWith("/" + pool));
    }

    private static long reads(String pool) {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Get") && e.path().endsWith("/" + pool));
    }

    private static long jobLists() {
        return world.sim.requests().count("Job_List");
    }

    @Test
    void anOldPoolEditedBetweenThePasssReadAndItsDeleteIsNotDeletedAndTheNextPassDecidesAgain() {
        ImageDefinitionId image = world.definition("bgd-edit");
        world.pool("bgd-edit", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        untilTheNextPassDeletes(image, "bgd-edit");
        long deletesBefore = deletes("bgd-edit");
        long readsBefore = reads("bgd-edit");
        long jobListsBefore = jobLists();

        PassReport report = engine(new EditedAfterList(world.clients.pools(), "bgd-edit"), world.clients.jobs())
                .reconcileTracking(image);

        assertEquals(0, deletes("bgd-edit") - deletesBefore, "no Pool_Delete in the pass that raced the edit");
        assertEquals(1, reads("bgd-edit") - readsBefore, "one fresh read of the pool before the delete");
        assertEquals(2, jobLists() - jobListsBefore, "the jobs of both pools, read to decide; none after the pool "
                + "failed its check");
        Pool kept = world.get("bgd-edit");
        assertEquals("Succeeded", kept.provisioningState());
        assertEquals(Optional.of("keep until Friday"), kept.metadataValue("owner-note"));
        PassReport.PoolDecision decision = report.decisions().stream()
                .filter(d -> d.pool().poolName().equals("bgd-edit")).findFirst().orElseThrow();
        assertEquals("delete pool bgd-edit withheld", decision.step());
        assertTrue(decision.reason().contains("bgd-edit changed since this pass read it"), decision.reason());

        world.engine().reconcileTracking(image);

        assertEquals(1, deletes("bgd-edit") - deletesBefore, "the next pass read the edited pool and deleted it");
        assertEquals("Deleting", world.get("bgd-edit").provisioningState());
    }

    @Test
    void anOldPoolGivenAJobBetweenThePasssReadAndItsDeleteIsNotDeletedAndTheJobMovesToTheCandidate() {
        ImageDefinitionId image = world.definition("bgd-job");
        world.pool("bgd-job", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        String candidate = "bgd-job-v1-1-0";
        untilTheNextPassDeletes(image, "bgd-job");
        String etag = world.get("bgd-job").etag();
        long deletesBefore = deletes("bgd-job");
        long jobListsBefore = jobLists();

        PassReport report = engine(world.clients.pools(), new JobSubmittedAfterRead(world.clients.jobs(), candidate,
                "bgd-job")).reconcileTracking(image);

        assertEquals(0, deletes("bgd-job") - deletesBefore, "no Pool_Delete in the pass that raced the job");
        assertEquals(3, jobLists() - jobListsBefore, "both pools' jobs to decide, then the old pool's again");
        assertEquals(etag, world.get("bgd-job").etag(), "a job does not change the pool: only the job list caught it");
        PassReport.PoolDecision decision = report.decisions().stream()
                .filter(d -> d.pool().poolName().equals("bgd-job")).findFirst().orElseThrow();
        assertEquals("delete pool bgd-job withheld", decision.step());
        assertTrue(decision.reason().contains("job late-nightly (active) is on bgd-job"), decision.reason());

        world.engine().reconcileTracking(image);

        assertEquals(RolloutPhase.MOVING_JOBS, phase("bgd-job"), "the next pass sees the job and moves it first");
        assertEquals(Optional.of("late-nightly"), world.state("bgd-job").links().moving());
        assertEquals(0, deletes("bgd-job") - deletesBefore);
    }
}
