package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.sim.RequestLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 3: when several blue-green pools of one account move jobs in the same pass, the account's jobs are
 * listed once (every page, 1,000 a page) instead of two filtered lists per pool, and every job still moves.
 */
class PassJobsSimTest {
    private static final List<String> POOLS = List.of("ink", "lens", "mesh");

    private static long poolsNeedingJobs(RolloutWorld world) {
        return world.clients.pools().list(world.account).stream()
                .map(Pool::metadata).map(RolloutStateCodec::decode)
                .filter(d -> d instanceof RolloutStateCodec.Decoded.Present p && BlueGreenDecider.needsJobs(p.state()))
                .count();
    }

    @Test
    void severalPoolsMovingJobsInOneAccountShareOneAccountWideJobListAndEveryJobMoves() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId image = world.definition("shared-jobs");
            String accountId = world.account.toString();
            for (String name : POOLS) {
                world.pool(name, image, 1, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
                for (int j = 0; j < 2; j++) {
                    world.sim.batch().addJob(accountId, name + "-job" + j, name);
                    world.sim.batch().addTask(accountId, name + "-job" + j, name + "-job" + j + "-t", Duration.ofMinutes(2));
                }
            }
            Reconciler engine = world.engine().withMaxRolloutsPerImage(POOLS.size());
            engine.reconcileAll();
            world.addVersion(image, "1.1.0");

            int sharedPasses = 0;
            for (int pass = 0; pass < 200 && POOLS.stream().anyMatch(p -> world.find(p).isPresent()); pass++) {
                long needing = poolsNeedingJobs(world);
                world.sim.requests().clear();
                engine.reconcileAll();
                List<RequestLog.Entry> lists = world.sim.requests().entries().stream()
                        .filter(e -> e.operation().equals("Job_List")).toList();
                List<RequestLog.Entry> filtered = lists.stream()
                        .filter(e -> e.query() != null && e.query().contains("filter")).toList();
                // A delete keeps its own fresh, filtered read of the jobs on the pool right before it (StepApplier).
                long deleteGuards = world.sim.requests().count("Pool_Delete");
                if (needing >= PassJobs.SHARED_FROM) {
                    sharedPasses++;
                    assertEquals(deleteGuards, filtered.size(), needing + " pools need jobs: " + queries(lists));
                    assertEquals(1, lists.size() - filtered.size(), "one page of the account's jobs: " + queries(lists));
                    assertTrue(lists.stream().anyMatch(e -> e.query().contains("maxresults=1000")), queries(lists).toString());
                } else {
                    assertEquals(2 * needing + deleteGuards, filtered.size(),
                            "one pool needing jobs lists its two pools: " + queries(lists));
                }
                world.sim.advance(Duration.ofMinutes(1));
            }

            assertTrue(sharedPasses > 0, "no pass had several pools moving jobs:\n" + String.join("\n", world.log));
            for (String name : POOLS) {
                assertTrue(world.find(name).isEmpty(), name + " not retired:\n" + String.join("\n", world.log));
                String candidate = name + "-v1-1-0";
                for (int j = 0; j < 2; j++) {
                    String job = name + "-job" + j;
                    assertEquals(candidate, world.clients.jobs().jobsOnPool(world.clients.pools().account(world.account),
                            candidate).stream().filter(b -> b.id().equals(job)).findFirst().orElseThrow().poolId());
                }
            }
        }
    }

    private static List<String> queries(List<RequestLog.Entry> lists) {
        return lists.stream().map(RequestLog.Entry::query).toList();
    }
}
