package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchPools;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One pool can never stop a pass: a pool whose metadata is poisoned (a group that makes an invalid candidate id,
 * links to other pools, a garbage phase, huge values, control characters) or whose decision throws is recorded for
 * itself, and every other pool, in every account, still rolls.
 */
class PoolIsolationSimTest extends RolloutWorldTest {
    static BatchAccountId second;

    @BeforeAll
    static void start() {
        world.sim.batch().addAccount(RolloutWorld.SUB, "batch-rg", "isobatch2", "northeurope", 500, 0);
        second = BatchAccountId.parse("/subscriptions/" + RolloutWorld.SUB
                + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/isobatch2");
    }

    private static Pool in(BatchAccountId account, String name) {
        return world.clients.pools().get(account.pool(name)).orElseThrow();
    }

    /** Rewrites the pool's metadata as someone with write access to it would (with its ETag). */
    static void edit(BatchAccountId account, String name, UnaryOperator<List<Metadata>> change) {
        Pool pool = in(account, name);
        world.clients.pools().update(pool.id(), PoolUpdate.metadata(change.apply(pool.metadata())), pool.etag());
    }

    static UnaryOperator<List<Metadata>> state(RolloutState state) {
        return metadata -> RolloutStateCodec.writeInto(metadata, state);
    }

    static UnaryOperator<List<Metadata>> entry(String name, String value) {
        return metadata -> {
            List<Metadata> out = new ArrayList<>(metadata.stream().filter(m -> !m.name().equals(name)).toList());
            out.add(new Metadata(name, value));
            return out;
        };
    }

    static long writesTo(String pool) {
        return world.sim.requests().count(e -> List.of("Pool_Update", "Pool_Create", "Pool_Delete").contains(e.operation())
                && e.status() < 300 && e.path().endsWith("/" + pool));
    }

    static RolloutState midRollout(ImageDefinitionId image, RolloutPhase phase, BlueGreenLinks links) {
        return new RolloutState(phase, Optional.of(image.version("1.1.0").toString()),
                Optional.of(image.version("1.0.0").toString()), Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.of(new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15),
                        ScaleSettings.NodeDeallocationOption.TASK_COMPLETION)), 1, List.of(), false, Optional.empty(), links);
    }

    @Test
    void poisonedPoolsAreRecordedForThemselvesAndEveryOtherPoolInEveryAccountStillRollsOnce() {
        ImageDefinitionId image = world.definition("iso");
        world.pool("iso-a", image, 1);
        world.pool("iso-b", image, 1, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        world.pool(second, "iso-c", image, 1, RolloutStrategy.IN_PLACE, "Standard_D2s_v3");
        Map<String, BatchAccountId> poisoned = Map.of("iso-group", world.account, "iso-links", world.account,
                "iso-phase", world.account, "iso-huge", world.account, "iso-ctrl", second);
        poisoned.forEach((name, account) -> world.pool(account, name, image, 1, RolloutStrategy.BLUE_GREEN,
                "Standard_D2s_v3"));
        // A group name that makes an invalid candidate id (PoolId refuses it), as a contributor might type it.
        edit(world.account, "iso-group", state(RolloutState.initial()
                .withLinks(BlueGreenLinks.replacing("render farm!", "x").atRest())));
        // Mid-rollout, its candidate link naming an unrelated pool of the same account.
        edit(world.account, "iso-links", state(midRollout(image, RolloutPhase.MOVING_JOBS,
                BlueGreenLinks.replacing("iso-links", "iso-a"))));
        edit(world.account, "iso-phase", entry(RolloutStateCodec.PHASE, "EXPLODING"));
        edit(world.account, "iso-huge", state(midRollout(image, RolloutPhase.DRAINING, BlueGreenLinks.NONE)));
        edit(world.account, "iso-huge", entry(RolloutStateCodec.TARGET, image.version("1.1.0") + "x".repeat(5000)));
        edit(second, "iso-ctrl", entry(RolloutStateCodec.GROUP, "iso-ctrl\u0000\n\u001b[2J"));
        Map<String, Long> writesBefore = poisoned.keySet().stream().collect(Collectors.toMap(p -> p, PoolIsolationSimTest::writesTo));
        world.addVersion(image, "1.1.0");
        Reconciler both = world.engine(List.of(world.account, second), world.clients.pools()).withMaxRolloutsPerImage(20);

        List<PassReport> reports = new ArrayList<>();
        for (int pass = 0; pass < 80 && !(stableOn("1.1.0").test(world.get("iso-a")) && world.find("iso-b").isEmpty()
                && world.find("iso-b-v1-1-0").filter(stableOn("1.1.0")).isPresent() && stableOn("1.1.0").test(in(second, "iso-c"))); pass++) {
            reports.add(both.reconcileAll());
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertTrue(stableOn("1.1.0").test(world.get("iso-a")), String.join("\n", world.log));
        assertTrue(stableOn("1.1.0").test(in(second, "iso-c")), String.join("\n", world.log));
        assertTrue(world.find("iso-b").isEmpty(), "the blue-green pool was replaced by its candidate");
        assertTrue(stableOn("1.1.0").test(world.get("iso-b-v1-1-0")));
        assertEquals(1, world.imageChanges("iso-a"), "rolled once");
        assertEquals(1, world.imageChanges("iso-c"), "rolled once");
        for (String name : poisoned.keySet()) {
            long written = writesTo(name) - writesBefore.get(name);
            assertTrue(written <= 1, name + ": at most the one recorded decision, got " + written);
            assertEquals(0, world.imageChanges(name), name);
            assertTrue(in(poisoned.get(name), name).imageReferenceId().endsWith("/versions/1.0.0"), name);
            assertEquals(1, in(poisoned.get(name), name).currentDedicatedNodes(), name + " keeps its capacity");
            PassReport.PoolDecision last = reports.get(reports.size() - 1).decisions().stream()
                    .filter(d -> d.pool().poolName().equals(name)).findFirst().orElseThrow();
            assertTrue(List.of("TAMPERED", "UNREADABLE").contains(last.phase()), last.line());
            assertTrue(world.log.stream().anyMatch(l -> l.contains("WARNING ") && l.contains("| pool " + name + ": phase ")), name);
        }
        assertEquals(0, world.sim.requests().count(e -> e.operation().equals("Pool_Create")
                && e.path().contains("render")), "no candidate from the invalid group");
        assertTrue(world.get("iso-a").metadata().stream().noneMatch(m -> m.name().equals(RolloutStateCodec.REPLACES)));
    }

    /** Throws as a bug would (not an Azure answer) whenever the pass writes one pool. */
    static final class BrokenForOnePool extends ForwardingBatchPools {
        private final String broken;

        BrokenForOnePool(BatchPools real, String broken) {
            super(real);
            this.broken = broken;
        }

        @Override
        public Pool update(PoolId id, PoolUpdate update, String ifMatch) {
            if (id.poolName().equals(broken)) {
                throw new IllegalStateException("unexpected state while writing " + broken);
            }
            return super.update(id, update, ifMatch);
        }
    }

    @Test
    void anExceptionWhileApplyingOnePoolIsThatPoolsFailedDecisionAndThePassGoesOnToTheOthers() {
        ImageDefinitionId image = world.definition("iso-ex");
        world.pool("iso-ex-boom", image, 1);
        world.pool("iso-ex-ok", image, 2);
        world.pool(second, "iso-ex-far", image, 3, RolloutStrategy.IN_PLACE, "Standard_D2s_v3");
        world.addVersion(image, "1.1.0");
        long boomWrites = writesTo("iso-ex-boom");
        Reconciler engine = world.engine(List.of(world.account, second), new BrokenForOnePool(world.clients.pools(),
                "iso-ex-boom")).withMaxRolloutsPerImage(5);

        PassReport first = engine.reconcileTracking(image);
        for (int pass = 0; pass < 60 && !(stableOn("1.1.0").test(world.get("iso-ex-ok"))
                && stableOn("1.1.0").test(in(second, "iso-ex-far"))); pass++) {
            world.sim.advance(Duration.ofMinutes(1));
            engine.reconcileTracking(image);
        }

        PassReport.PoolDecision boom = first.decisions().stream().filter(d -> d.pool().poolName().equals("iso-ex-boom"))
                .findFirst().orElseThrow();
        assertEquals("FAILED", boom.phase(), boom.line());
        assertTrue(boom.reason().contains("IllegalStateException: unexpected state while writing iso-ex-boom"), boom.reason());
        assertEquals(3, first.decisions().size(), "every pool of both accounts decided in the pass that met the exception");
        assertTrue(stableOn("1.1.0").test(world.get("iso-ex-ok")), String.join("\n", world.log));
        assertTrue(stableOn("1.1.0").test(in(second, "iso-ex-far")), String.join("\n", world.log));
        assertEquals(boomWrites, writesTo("iso-ex-boom"));
        assertTrue(world.log.stream().anyMatch(l -> l.contains("WARNING ") && l.contains("| pool iso-ex-boom: phase FAILED")));
    }
}
