package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.core.rollout.promotion.BakeRecord;
import io.batchrollout.port.GalleryWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Gated promotion on the simulated Azure: a candidate (published with excludeFromLatest) goes to the canary pools only;
 * their failure rejects it in the gallery, their health for PROMOTION_BAKE promotes it, once, and the fleet follows.
 */
class PromotionSimTest extends RolloutWorldTest {
    static final Duration BAKE = Duration.ofHours(1);

    private static PromotionWorld promotion() {
        return new PromotionWorld(world);
    }

    private static void passes(ImageDefinitionId image, Reconciler engine, int count, Duration apart) {
        for (int i = 0; i < count; i++) {
            engine.reconcileTracking(image);
            world.sim.advance(apart);
        }
    }

    @Test
    void aCanaryThatFailsKeepsTheCandidateOutOfLatestTagsItRejectedAndNoTrackedPoolRolls() {
        ImageDefinitionId image = world.definition("gp-fail");
        PromotionWorld p = promotion();
        p.canary("gp-fail-canary", image, 1);
        world.pool("gp-fail-b", image, 1);
        world.pool("gp-fail-c", image, 2);
        p.publishCandidate(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString()); // before any node is built from it

        Reconciler engine = p.engine(BAKE).withNotifications(world.clients.notifications(world.sim.addTopic("gp-fail")));
        for (int pass = 0; !world.state("gp-fail-canary").isRejected("1.1.0"); pass++) {
            assertTrue(pass < 120, "the canary never rejected 1.1.0:\n" + String.join("\n", world.log));
            engine.reconcileTracking(image);
            assertEquals(0, world.imageChanges("gp-fail-b") + world.imageChanges("gp-fail-c"), "a tracked pool rolled");
            world.sim.advance(Duration.ofMinutes(1));
        }
        passes(image, engine, 30, Duration.ofMinutes(5));

        ImageVersion version = p.read(image, "1.1.0");
        assertTrue(version.excludeFromLatest(), "the rejected candidate stays out of latest");
        assertTrue(GalleryTags.rejected(version).orElseThrow().contains("failed on canary pool gp-fail-canary"),
                version.tags().toString());
        assertEquals(1, p.versionPatches(image, "1.1.0"), "the rejection is written once, not once per pass");
        assertEquals(0, world.imageChanges("gp-fail-b"), "gp-fail-b never leaves 1.0.0");
        assertEquals(0, world.imageChanges("gp-fail-c"), "gp-fail-c never leaves 1.0.0");
        assertEquals(2, world.imageChanges("gp-fail-canary"), "the canary: to 1.1.0 and back");
        assertTrue(stableOn("1.0.0").test(world.get("gp-fail-canary")));
        BakeRecord record = BakeRecord.of(world.get("gp-fail-canary").metadata()).orElseThrow();
        assertEquals(BakeRecord.Verdict.REJECTED, record.verdict().orElseThrow(), "recorded on the canary: " + record);
        assertEquals("1.1.0", record.version());
        var rejections = world.sim.eventGrid().events("gp-fail").stream()
                .filter(e -> e.type().equals("io.batchrollout.image.rejected")).toList();
        assertEquals(1, rejections.size(), "one notification for the one verdict");
        assertEquals(image.version("1.1.0").toString(), rejections.get(0).subject());
    }

    @Test
    void aCanaryThatPassesAndBakesPromotesTheCandidateOnceAndTheFleetFollowsInWaves() {
        ImageDefinitionId image = world.definition("gp-pass");
        PromotionWorld p = promotion();
        p.canary("gp-pass-canary", image, 2);
        world.pool("gp-pass-b", image, 1);
        world.pool("gp-pass-c", image, 3);
        p.publishCandidate(image, "1.1.0");
        Reconciler engine = p.engine(BAKE);

        world.passUntil(image, "gp-pass-canary", stableOn("1.1.0"), 60);
        // While it bakes: the candidate stays out of latest and no tracked pool rolls, pass after pass.
        for (int pass = 0; pass < 11; pass++) {
            engine.reconcileTracking(image);
            assertTrue(p.read(image, "1.1.0").excludeFromLatest(), "promoted too early, pass " + pass);
            world.sim.advance(Duration.ofMinutes(5));
        }
        assertEquals(0, p.versionPatches(image, "1.1.0"));
        assertEquals(0, world.imageChanges("gp-pass-b") + world.imageChanges("gp-pass-c"));
        BakeRecord baking = BakeRecord.of(world.get("gp-pass-canary").metadata()).orElseThrow();
        assertEquals("1.1.0", baking.version());
        assertTrue(baking.verdict().isEmpty(), baking.toString());

        passes(image, engine, 3, Duration.ofMinutes(5));
        ImageVersion promoted = p.read(image, "1.1.0");
        assertFalse(promoted.excludeFromLatest(), "promoted after the bake");
        assertTrue(GalleryTags.promoted(promoted).orElseThrow().contains("every canary (gp-pass-canary)"),
                promoted.tags().toString());
        assertEquals(1, p.versionPatches(image, "1.1.0"));

        List<String> started = new ArrayList<>();
        for (int pass = 0; !(stableOn("1.1.0").test(world.get("gp-pass-b")) && stableOn("1.1.0").test(world.get("gp-pass-c")));
             pass++) {
            assertTrue(pass < 200, "the fleet did not follow:\n" + String.join("\n", world.log));
            engine.reconcileTracking(image);
            List<String> rolling = List.of("gp-pass-b", "gp-pass-c").stream()
                    .filter(n -> world.state(n).phase().inProgress()).toList();
            assertTrue(rolling.size() <= 1, "waves: one at a time, got " + rolling);
            rolling.stream().filter(n -> !started.contains(n)).forEach(started::add);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("gp-pass-b", "gp-pass-c"), started, "smallest first, one wave at a time");
        assertEquals(1, world.imageChanges("gp-pass-b"));
        assertEquals(1, world.imageChanges("gp-pass-c"));
        assertEquals(1, p.versionPatches(image, "1.1.0"), "no second write once promoted");
    }

    @Test
    void twoPassesDecidingThePromotionAtOnceWriteTheVersionOnce() throws Exception {
        ImageDefinitionId image = world.definition("gp-race");
        PromotionWorld p = promotion();
        p.canary("gp-race-canary", image, 1);
        p.publishCandidate(image, "1.1.0");
        world.passUntil(image, "gp-race-canary", stableOn("1.1.0"), 60);
        p.engine(Duration.ZERO).reconcileTracking(image); // the bake starts
        world.sim.advance(Duration.ofMinutes(1));

        // Both passes read the version before either writes: the first write lands, the second is refused on its read.
        CountDownLatch secondArrived = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        GalleryWrites real = world.clients.galleryWrites();
        GalleryWrites first = (ImageVersionId id, GalleryWrites.VersionUpdate u) -> {
            await(secondArrived);
            try {
                real.updateVersion(id, u);
            } finally {
                firstDone.countDown();
            }
        };
        GalleryWrites second = (ImageVersionId id, GalleryWrites.VersionUpdate u) -> {
            secondArrived.countDown();
            await(firstDone);
            real.updateVersion(id, u);
        };
        CompletableFuture<PassReport> a = CompletableFuture.supplyAsync(() -> p.engine(Duration.ZERO, first).reconcileTracking(image));
        CompletableFuture<PassReport> b = CompletableFuture.supplyAsync(() -> p.engine(Duration.ZERO, second).reconcileTracking(image));
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);

        assertFalse(p.read(image, "1.1.0").excludeFromLatest());
        assertEquals(1, p.versionPatches(image, "1.1.0"), "two passes, one promotion written");
        assertTrue(world.log.stream().anyMatch(l -> l.contains("version=1.1.0 | not written: the version changed")),
                String.join("\n", world.log));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other pass never reached its write");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
