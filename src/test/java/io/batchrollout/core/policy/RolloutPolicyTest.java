package io.batchrollout.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {
    static final ImageDefinitionId UBUNTU = ImageDefinitionId.parse("/subscriptions/00000000-0000-0000-0000-000000000001"
            + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/g1/images/ubuntu");
    static final RolloutPolicy TRACKED = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.IN_PLACE);
    static final RolloutPolicy PINNED = new RolloutPolicy(new ImageRef.Pinned(UBUNTU.version("1.2.3")), RolloutStrategy.BLUE_GREEN);

    static Pool pool(List<Metadata> metadata) {
        return new Pool(PoolId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/b/providers"
                + "/Microsoft.Batch/batchAccounts/a/pools/p1"), "etag", "Succeeded", null, "Standard_D2s_v3",
                UBUNTU.toString(), "batch.node.ubuntu 22.04",
                new ScaleSettings.FixedScale(0, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.REQUEUE),
                "Steady", null, 0, 0, List.of(), Optional.empty(), metadata);
    }

    @Test
    void trackedAndPinnedPoliciesRoundTripThroughMetadata() {
        for (RolloutPolicy policy : List.of(TRACKED, PINNED)) {
            assertEquals(Optional.of(policy), RolloutPolicy.of(pool(policy.toMetadata())));
        }
    }

    @Test
    void policyEntriesAreNamedUnderTheOnePrefixWithTheIdAndTheWireStrategy() {
        assertEquals(List.of(new Metadata("batch-image-rollout.policy.image", UBUNTU.version("1.2.3").toString()),
                new Metadata("batch-image-rollout.policy.strategy", "blueGreen")), PINNED.toMetadata());
        assertTrue(TRACKED.toMetadata().stream().allMatch(m -> m.name().startsWith(PoolMetadata.PREFIX)));
    }

    @Test
    void writingThePolicyKeepsCallerEntriesUntouchedAndInOrder() {
        List<Metadata> caller = List.of(new Metadata("team", "render"), new Metadata("cost-centre", "42"), new Metadata("z", ""));
        List<Metadata> written = TRACKED.writeInto(caller);

        assertEquals(caller, PoolMetadata.split(written).caller());
        assertEquals(TRACKED.toMetadata(), PoolMetadata.split(written).app());

        List<Metadata> rewritten = PINNED.writeInto(written);
        assertEquals(caller, PoolMetadata.split(rewritten).caller());
        assertEquals(Optional.of(PINNED), RolloutPolicy.of(pool(rewritten)));
        assertEquals(caller.size() + 2, rewritten.size(), "no entry is duplicated");
    }

    @Test
    void otherAppEntriesSurviveAPolicyChangeWhereTheyStand() {
        List<Metadata> current = new ArrayList<>(TRACKED.writeInto(List.of(new Metadata("team", "a"))));
        current.add(1, new Metadata(PoolMetadata.PREFIX + "rollout.phase", "Draining"));

        List<Metadata> changed = PINNED.writeInto(current);

        assertEquals(new Metadata(PoolMetadata.PREFIX + "rollout.phase", "Draining"), changed.get(1));
        assertEquals(4, changed.size());
    }

    @Test
    void aPoolWithoutPolicyEntriesIsNotManaged() {
        assertEquals(Optional.empty(), RolloutPolicy.of(pool(List.of(new Metadata("team", "render")))));
        assertInstanceOf(RolloutPolicy.Decoded.Absent.class, RolloutPolicy.decode(List.of()));
    }

    @Test
    void unreadablePolicyEntriesAreReportedNotGuessed() {
        List<Metadata> noStrategy = List.of(new Metadata(RolloutPolicy.IMAGE, UBUNTU.toString()));
        List<Metadata> badStrategy = List.of(new Metadata(RolloutPolicy.IMAGE, UBUNTU.toString()),
                new Metadata(RolloutPolicy.STRATEGY, "sideways"));
        List<Metadata> galleryNotImage = List.of(new Metadata(RolloutPolicy.IMAGE, UBUNTU.gallery().toString()),
                new Metadata(RolloutPolicy.STRATEGY, "inPlace"));

        for (List<Metadata> metadata : List.of(noStrategy, badStrategy, galleryNotImage)) {
            assertInstanceOf(RolloutPolicy.Decoded.Unreadable.class, RolloutPolicy.decode(metadata), metadata.toString());
            assertEquals(Optional.empty(), RolloutPolicy.of(pool(metadata)));
        }
    }

    @Test
    void thePrefixIsRecognisedWhateverItsCase() {
        PoolMetadata.Split split = PoolMetadata.split(List.of(new Metadata("Batch-Image-Rollout.x", "1"), new Metadata("b", "2")));
        assertEquals(1, split.app().size());
        assertEquals(List.of(new Metadata("b", "2")), split.caller());
    }

    @Test
    void mergeRefusesCallerEntriesUnderThePrefixAndAppEntriesWithoutIt() {
        assertThrows(IllegalArgumentException.class,
                () -> PoolMetadata.merge(List.of(new Metadata(PoolMetadata.PREFIX + "x", "1")), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PoolMetadata.merge(List.of(), List.of(new Metadata("team", "1"))));
        assertEquals(List.of(new Metadata("a", "1"), new Metadata(RolloutPolicy.IMAGE, "x")),
                PoolMetadata.merge(List.of(new Metadata("a", "1")), List.of(new Metadata(RolloutPolicy.IMAGE, "x"))));
    }

    @Test
    void theCanaryFlagIsWrittenOnlyWhenTrueReadStrictlyAndDroppedWhenAPoolIsAdoptedAgainWithoutIt() {
        RolloutPolicy canary = new RolloutPolicy(new ImageRef.Tracked(UBUNTU), RolloutStrategy.IN_PLACE, true);
        List<Metadata> written = canary.writeInto(List.of(new Metadata("team", "render")));
        assertEquals(Optional.of(canary), RolloutPolicy.of(pool(written)));
        assertTrue(canary.seesCandidates());
        assertEquals(Optional.of(TRACKED), RolloutPolicy.of(pool(TRACKED.writeInto(written))), "no stale canary entry");
        assertEquals(written.size() - 1, TRACKED.writeInto(written).size());

        List<Metadata> edited = new ArrayList<>(TRACKED.toMetadata());
        edited.add(new Metadata(RolloutPolicy.CANARY, "yes"));
        assertInstanceOf(RolloutPolicy.Decoded.Unreadable.class, RolloutPolicy.decode(edited));
        List<Metadata> pinnedCanary = new ArrayList<>(PINNED.toMetadata());
        pinnedCanary.add(new Metadata(RolloutPolicy.CANARY, "true"));
        assertInstanceOf(RolloutPolicy.Decoded.Unreadable.class, RolloutPolicy.decode(pinnedCanary));
        assertThrows(IllegalArgumentException.class, () -> new RolloutPolicy(PINNED.image(), RolloutStrategy.IN_PLACE, true));
    }
}
