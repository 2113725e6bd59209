package io.batchrollout.core.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resolver on the simulated Azure through the real adapters, counting the ARM reads each answer costs: the create
 * path affords 4 before its PUT, the Batch account GET included.
 */
class GalleryImageResolverTest {
    static final String BATCH_SUB = "a1b2c3d4-0000-4000-8000-00000000b001";
    static final String IMAGES_SUB = "a1b2c3d4-0000-4000-8000-00000000c002";
    static final String LINUX = "batch.node.ubuntu 22.04";

    static SimulatedAzure sim;
    static AzureClients clients;
    static BatchAccount account;
    static GalleryId sameSubGallery;
    static GalleryId forbiddenGallery;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.gallery().setPageSize(50);
        clients = AzureClients.create(sim.target());
        sim.batch().addAccount(BATCH_SUB, "batch-rg", "resolverbatch", "westeurope", 2000, 0);
        account = clients.pools().account(BatchAccountId.parse("/subscriptions/" + BATCH_SUB
                + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/resolverbatch"));
        sameSubGallery = gallery(BATCH_SUB, "samegallery");
        forbiddenGallery = gallery(BATCH_SUB, "forbiddengallery");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static GalleryId gallery(String subscription, String name) {
        return gallery(subscription, name, "westeurope");
    }

    private static GalleryId gallery(String subscription, String name, String location) {
        sim.gallery().addGallery(subscription, "images-rg", name, location);
        return GalleryId.parse("/subscriptions/" + subscription + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/" + name);
    }

    private static ImageDefinitionId linux(GalleryId gallery, String image) {
        sim.gallery().addImageDefinition(gallery.toString(), image, "Linux", "Generalized", "V2");
        return gallery.image(image);
    }

    private static void ready(ImageDefinitionId image, String version, int replicas) {
        sim.gallery().addVersion(image.toString(), version, List.of(new SimTargetRegion("West Europe", replicas, false),
                new SimTargetRegion("North Europe", 1, false)), true);
    }

    private static void replicating(ImageDefinitionId image, String version) {
        sim.gallery().publishVersion(image.toString(), version, List.of(new SimTargetRegion("North Europe", 1, false),
                new SimTargetRegion("West Europe", 1, false)));
    }

    /** A fresh resolver, as a fresh process would have: nothing remembered about provider registration. */
    private static GalleryImageResolver resolver() {
        return new GalleryImageResolver(clients.gallery(), clients.providers(), new ReadinessGate(300),
                g -> !g.equals(forbiddenGallery), Clock.fixed(sim.clock().now(), ZoneOffset.UTC));
    }

    private static PoolTarget pool(int nodes, String agent) {
        return new PoolTarget(account, nodes, 0, agent);
    }

    /** The answer and the simulated Azure operations it cost. */
    record Costed(ImageChoice choice, Map<String, Long> reads) {
        long total() {
            return reads.values().stream().mapToLong(Long::longValue).sum();
        }

        ImageChoice.Ready ready() {
            return assertInstanceOf(ImageChoice.Ready.class, choice, choice::toString);
        }

        List<Reason> reasons() {
            return assertInstanceOf(ImageChoice.NotReady.class, choice, choice::toString).reasons();
        }
    }

    private static Costed costed(Supplier<ImageChoice> resolve) {
        int mark = sim.requests().entries().size();
        ImageChoice choice = resolve.get();
        List<RequestLog.Entry> entries = sim.requests().entries();
        Map<String, Long> reads = new TreeMap<>();
        entries.subList(mark, entries.size()).forEach(e -> reads.merge(e.operation(), 1L, Long::sum));
        assertTrue(entries.subList(mark, entries.size()).stream().noneMatch(RequestLog.Entry::isWrite), "the resolver only reads");
        return new Costed(choice, reads);
    }

    private static Set<ReasonCode> codes(List<Reason> reasons) {
        return Set.copyOf(reasons.stream().map(Reason::code).toList());
    }

    @Test
    void pinnedReadyVersionCostsTheDefinitionAndTheVersion() {
        ImageDefinitionId image = linux(sameSubGallery, "pinned-ready");
        ready(image, "1.0.0", 1);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Pinned(image.version("1.0.0")), pool(10, LINUX)));

        assertEquals("1.0.0", answer.ready().version().id().versionName());
        assertEquals(Map.of("GalleryImages_Get", 1L, "GalleryImageVersions_Get", 1L), answer.reads());
    }

    @Test
    void trackedReadyDefinitionCostsThreeReadsAndPicksTheHighestNumber() {
        ImageDefinitionId image = linux(sameSubGallery, "tracked-ready");
        ready(image, "1.9.0", 1);
        ready(image, "1.10.0", 1);
        ready(image, "1.2.0", 1);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals("1.10.0", answer.ready().version().id().versionName());
        assertEquals(Map.of("GalleryImages_Get", 1L, "GalleryImageVersions_ListByGalleryImage", 1L,
                "GalleryImageVersions_Get", 1L), answer.reads());
    }

    @Test
    void newestStillReplicatingFallsBackToThePreviousReadyVersion() {
        ImageDefinitionId image = linux(sameSubGallery, "newest-replicating");
        ready(image, "1.0.0", 1);
        replicating(image, "1.1.0");

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals("1.0.0", answer.ready().version().id().versionName());
        assertEquals(2L, answer.reads().get("GalleryImageVersions_Get"));
        assertEquals(4, answer.total());

        sim.advance(Duration.ofHours(1));
        Costed replicated = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));
        assertEquals("1.1.0", replicated.ready().version().id().versionName());
        assertEquals(3, replicated.total());
    }

    @Test
    void readsAtMostThreeCandidatesAndSaysWhichWereLeftUnread() {
        ImageDefinitionId image = linux(sameSubGallery, "all-replicating");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) {
            replicating(image, v);
        }

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals(3L, answer.reads().get("GalleryImageVersions_Get"));
        assertEquals(5, answer.total());
        List<Reason> reasons = answer.reasons();
        assertEquals(List.of(Optional.of("1.3.0"), Optional.of("1.2.0"), Optional.of("1.1.0")), reasons.stream()
                .filter(r -> r.code() == ReasonCode.REPLICATION_IN_PROGRESS).map(Reason::version).toList());
        Reason limit = reasons.get(reasons.size() - 1);
        assertEquals(ReasonCode.CANDIDATE_LIMIT_REACHED, limit.code());
        assertEquals(List.of("1.0.0"), limit.facts().get("candidatesNotRead"));
        assertEquals(3, limit.facts().get("maxCandidates"));
    }

    @Test
    void versionExcludedFromLatestInThePoolRegionIsNeverRead() {
        ImageDefinitionId image = linux(sameSubGallery, "excluded-in-region");
        ready(image, "1.0.0", 1);
        sim.gallery().addVersion(image.toString(), "2.0.0", List.of(new SimTargetRegion("West Europe", 1, true),
                new SimTargetRegion("North Europe", 1, false)), true);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals("1.0.0", answer.ready().version().id().versionName());
        assertEquals(3, answer.total());
    }

    @Test
    void pinnedVersionExcludedFromLatestCanStillBePinned() {
        ImageDefinitionId image = linux(sameSubGallery, "pinned-excluded");
        sim.gallery().addVersion(image.toString(), "1.0.0", List.of(new SimTargetRegion("West Europe", 1, true)), true);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Pinned(image.version("1.0.0")), pool(10, LINUX)));

        assertEquals("1.0.0", answer.ready().version().id().versionName());
        assertEquals(2, answer.total());
    }

    @Test
    void noVersionEligibleInTheRegionIsSaidWithoutReadingAnyVersion() {
        ImageDefinitionId image = linux(gallery(BATCH_SUB, "eastusgallery", "eastus"), "none-eligible");
        sim.gallery().addVersion(image.toString(), "1.0.0", List.of(new SimTargetRegion("East US", 1, false),
                new SimTargetRegion("West Europe", 1, true)), true);
        sim.gallery().addVersion(image.toString(), "2.0.0", List.of(new SimTargetRegion("East US", 1, false)), true);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        Reason reason = answer.reasons().get(0);
        assertEquals(ReasonCode.NO_ELIGIBLE_VERSION, reason.code());
        assertEquals(Map.of("region", "westeurope", "versionsListed", 2, "excludedFromLatest", 1, "notTargeted", 1,
                "notNumeric", 0), reason.facts());
        assertEquals(2, answer.total());
    }

    @Test
    void galleryOutsideTheAllowListIsRefusedWithoutAnyRead() {
        ImageDefinitionId image = linux(forbiddenGallery, "forbidden");
        ready(image, "1.0.0", 1);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals(Set.of(ReasonCode.GALLERY_NOT_ALLOWED), codes(answer.reasons()));
        assertEquals(0, answer.total());
    }

    @Test
    void missingDefinitionOrVersionIsImageNotFound() {
        ImageDefinitionId absent = sameSubGallery.image("never-published");
        Costed noDefinition = costed(() -> resolver().resolve(new ImageRef.Tracked(absent), pool(10, LINUX)));
        assertEquals(Set.of(ReasonCode.IMAGE_NOT_FOUND), codes(noDefinition.reasons()));
        assertEquals(1, noDefinition.total());

        ImageDefinitionId image = linux(sameSubGallery, "missing-version");
        Costed noVersion = costed(() -> resolver().resolve(new ImageRef.Pinned(image.version("9.9.9")), pool(10, LINUX)));
        assertEquals(Optional.of("9.9.9"), noVersion.reasons().get(0).version());
        assertEquals(ReasonCode.IMAGE_NOT_FOUND, noVersion.reasons().get(0).code());
        assertEquals(2, noVersion.total());
    }

    @Test
    void tooFewReplicasForThePoolGivesTheNumbers() {
        ImageDefinitionId image = linux(sameSubGallery, "few-replicas");
        ready(image, "1.0.0", 2);

        Reason reason = costed(() -> resolver().resolve(new ImageRef.Pinned(image.version("1.0.0")), pool(601, LINUX)))
                .reasons().get(0);

        assertEquals(ReasonCode.TOO_FEW_REPLICAS, reason.code());
        assertEquals(3, reason.facts().get("replicasNeeded"));
        assertEquals(2, reason.facts().get("replicasPresent"));
    }

    @Test
    void failedReplicationIsReportedForThePoolRegion() {
        ImageDefinitionId image = linux(sameSubGallery, "failed-replication");
        replicating(image, "1.0.0");
        sim.gallery().failReplication(image.version("1.0.0").toString(), "West Europe");
        sim.advance(Duration.ofHours(1));

        List<Reason> reasons = costed(() -> resolver().resolve(new ImageRef.Pinned(image.version("1.0.0")), pool(10, LINUX)))
                .reasons();

        assertEquals(Set.of(ReasonCode.REPLICATION_FAILED, ReasonCode.VERSION_NOT_SUCCEEDED), codes(reasons));
        assertEquals("westeurope", reasons.stream().filter(r -> r.code() == ReasonCode.REPLICATION_FAILED)
                .findFirst().orElseThrow().facts().get("region"));
    }

    @Test
    void definitionWideReasonStopsAfterTheFirstCandidate() {
        ImageDefinitionId image = linux(sameSubGallery, "os-mismatch");
        ready(image, "1.0.0", 1);
        ready(image, "1.1.0", 1);

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, "batch.node.windows amd64")));

        assertEquals(Set.of(ReasonCode.NODE_AGENT_OS_MISMATCH), codes(answer.reasons()));
        assertEquals(1L, answer.reads().get("GalleryImageVersions_Get"));
    }

    @Test
    void galleryInAnotherSubscriptionNeedsBatchRegisteredThereAndOnlyARegisteredAnswerIsRemembered() {
        GalleryId other = gallery(IMAGES_SUB, "othersubgallery");
        ImageDefinitionId image = linux(other, "cross-subscription");
        ready(image, "1.0.0", 1);
        ImageRef pinned = new ImageRef.Pinned(image.version("1.0.0"));
        GalleryImageResolver resolver = resolver();

        Costed refused = costed(() -> resolver.resolve(pinned, pool(10, LINUX)));
        Reason reason = refused.reasons().get(0);
        assertEquals(ReasonCode.BATCH_PROVIDER_NOT_REGISTERED, reason.code());
        assertEquals("az provider register --namespace Microsoft.Batch --subscription " + IMAGES_SUB, reason.facts().get("fix"));
        assertEquals(1L, refused.reads().get("Providers_Get"));

        Costed stillRefused = costed(() -> resolver.resolve(pinned, pool(10, LINUX)));
        assertEquals(1L, stillRefused.reads().get("Providers_Get"), "a negative answer is read again");

        sim.resources().registerProvider(IMAGES_SUB, "Microsoft.Batch");
        Costed accepted = costed(() -> resolver.resolve(pinned, pool(10, LINUX)));
        assertEquals("1.0.0", accepted.ready().version().id().versionName());
        assertEquals(3, accepted.total());

        Costed cached = costed(() -> resolver.resolve(pinned, pool(10, LINUX)));
        cached.ready();
        assertEquals(Map.of("GalleryImages_Get", 1L, "GalleryImageVersions_Get", 1L), cached.reads());
    }

    @Test
    void unregisteredProviderStopsATrackedSearchAfterOneCandidate() {
        String subscription = "a1b2c3d4-0000-4000-8000-00000000d003";
        ImageDefinitionId image = linux(gallery(subscription, "unregisteredgallery"), "tracked-cross");
        ready(image, "1.0.0", 1);
        ready(image, "2.0.0", 1);
        sim.resources().setRegistrationState(subscription, "Microsoft.Batch", "Registering");

        Costed answer = costed(() -> resolver().resolve(new ImageRef.Tracked(image), pool(10, LINUX)));

        assertEquals(List.of(ReasonCode.BATCH_PROVIDER_NOT_REGISTERED), answer.reasons().stream().map(Reason::code).toList());
        assertEquals("Registering", answer.reasons().get(0).facts().get("registrationState"));
        assertEquals(Map.of("GalleryImages_Get", 1L, "GalleryImageVersions_ListByGalleryImage", 1L,
                "GalleryImageVersions_Get", 1L, "Providers_Get", 1L), answer.reads());
    }
}
