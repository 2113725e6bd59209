package io.batchrollout.core.readiness;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.port.ResourceProviders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the version a pool gets, reading as little as the create path's budget allows (at most 4 ARM reads before
 * its PUT, the Batch account GET included): a gallery that is not allowed costs nothing; a pinned version costs the
 * definition and the version; a tracked definition costs the definition, the version list and one version (with
 * replication status) per candidate tried, newest first, stopping at the first that passes and after
 * {@code maxCandidates}. A gallery in another subscription adds one provider registration read until it is seen
 * Registered. Build one per process: the Registered answers are remembered in it.
 */
public final class GalleryImageResolver implements ImageResolver {
    public static final int DEFAULT_MAX_CANDIDATES = 3;

    /** Reasons no other version of the same definition could avoid: trying an older candidate would only cost a read. */
    private static final Set<ReasonCode> NOT_VERSION_SPECIFIC = EnumSet.of(ReasonCode.GALLERY_NOT_ALLOWED,
            ReasonCode.BATCH_PROVIDER_NOT_REGISTERED, ReasonCode.IMAGE_NOT_GENERALIZED, ReasonCode.NODE_AGENT_OS_MISMATCH,
            ReasonCode.POOL_TOO_LARGE_FOR_GALLERY);

    private final ImageGallery gallery;
    private final BatchProviderRegistrations registrations;
    private final ReadinessGate gate;
    private final Predicate<GalleryId> galleryAllowed;
    private final Clock clock;
    private final int maxCandidates;

    public GalleryImageResolver(ImageGallery gallery, ResourceProviders providers, ReadinessGate gate,
                                Predicate<GalleryId> galleryAllowed, Clock clock) {
        this(gallery, providers, gate, galleryAllowed, clock, DEFAULT_MAX_CANDIDATES);
    }

    public GalleryImageResolver(ImageGallery gallery, ResourceProviders providers, ReadinessGate gate,
                                Predicate<GalleryId> galleryAllowed, Clock clock, int maxCandidates) {
        this(gallery, new BatchProviderRegistrations(Objects.requireNonNull(providers, "providers")), gate, galleryAllowed,
                clock, maxCandidates);
    }

    private GalleryImageResolver(ImageGallery gallery, BatchProviderRegistrations registrations, ReadinessGate gate,
                                 Predicate<GalleryId> galleryAllowed, Clock clock, int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("at least one candidate version must be read; got " + maxCandidates);
        }
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.registrations = registrations;
        this.gate = Objects.requireNonNull(gate, "gate");
        this.galleryAllowed = Objects.requireNonNull(galleryAllowed, "galleryAllowed");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxCandidates = maxCandidates;
    }

    /**
     * The same resolver reading each definition, version list and version once for the pass ({@link PassGalleryReads}):
     * pools of any size share the reads, and the gate still runs per pool, in memory.
     */
    @Override
    public ImageResolver forPass() {
        return new GalleryImageResolver(new PassGalleryReads(gallery), registrations, gate, galleryAllowed, clock,
                maxCandidates);
    }

    /** Azure failures other than a missing image (throttling, 403, 5xx) leave as {@link AzureCallException}. */
    @Override
    public ImageChoice resolve(ImageRef image, PoolTarget target) {
        return resolve(image, target, Optional.empty());
    }

    /**
     * At rest, without the candidate's replication read: when the newest eligible version in the list is the one the
     * pool already runs, and the gate passes it on what the list shows (provisioning, policy report, targeting and
     * replica count in the region, end of life, the definition's OS), the pool is in sync whatever its replication
     * status says: a pool is never moved off the version it runs because of it, and no rollout can start from this
     * answer (the chosen version is the running one). Any other case reads the candidates as {@link #resolve} does,
     * so a pass that would start a rollout always gates it on a fresh read with replication status.
     */
    @Override
    public ImageChoice resolveRunning(ImageRef image, PoolTarget target, String runningImageId) {
        return resolve(image, target, Optional.ofNullable(runningImageId));
    }

    private ImageChoice resolve(ImageRef image, PoolTarget target, Optional<String> running) {
        GalleryId galleryId = image.definition().gallery();
        if (!galleryAllowed.test(galleryId)) {
            return notReady(Reasons.galleryNotAllowed(Optional.empty(), galleryId.toString()));
        }
        Optional<ImageDefinition> definition = gallery.imageDefinition(image.definition());
        if (definition.isEmpty()) {
            return notReady(Reasons.imageNotFound(Optional.empty(), image.definition().toString()));
        }
        return image instanceof ImageRef.Pinned pinned
                ? pinned(definition.get(), pinned.version(), target)
                : tracked(definition.get(), target, running);
    }

    private ImageChoice pinned(ImageDefinition definition, ImageVersionId versionId, PoolTarget target) {
        Optional<ImageVersion> version = gallery.version(versionId);
        if (version.isEmpty()) {
            return notReady(Reasons.imageNotFound(Optional.of(versionId.versionName()), versionId.toString()));
        }
        Readiness readiness = evaluate(definition, version.get(), target);
        return readiness.ready() ? new ImageChoice.Ready(definition, version.get()) : new ImageChoice.NotReady(readiness.reasons());
    }

    private ImageChoice tracked(ImageDefinition definition, PoolTarget target, Optional<String> running) {
        ImageDefinitionId definitionId = definition.id();
        List<ImageVersion> listed;
        try {
            listed = gallery.versions(definitionId);
        } catch (AzureCallException.NotFound deletedMeanwhile) {
            return notReady(Reasons.imageNotFound(Optional.empty(), definitionId.toString()));
        }
        LatestCandidates.Candidates candidates = LatestCandidates.in(listed, target.account().location(),
                target.seesCandidates());
        List<ImageVersion> newestFirst = candidates.newestFirst();
        if (newestFirst.isEmpty()) {
            return notReady(Reasons.noEligibleVersion(candidates.census(), definitionId.toString()));
        }
        ImageVersion newest = newestFirst.get(0);
        if (running.filter(id -> id.equalsIgnoreCase(newest.id().toString())).isPresent()
                && evaluate(definition, newest, target).reasons().stream()
                .allMatch(r -> r.code() == ReasonCode.REPLICATION_IN_PROGRESS)) {
            // The list carries no replication status, so the gate reads it as "in progress": the only reason allowed.
            return new ImageChoice.Ready(definition, newest);
        }
        List<Reason> reasons = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (ImageVersion candidate : newestFirst.subList(0, Math.min(maxCandidates, newestFirst.size()))) {
            String name = candidate.id().versionName();
            tried.add(name);
            Optional<ImageVersion> read = gallery.version(candidate.id());
            if (read.isEmpty()) {
                reasons.add(Reasons.imageNotFound(Optional.of(name), candidate.id().toString()));
                continue;
            }
            Readiness readiness = evaluate(definition, read.get(), target);
            if (readiness.ready()) {
                return new ImageChoice.Ready(definition, read.get(), reasons);
            }
            reasons.addAll(readiness.reasons());
            if (readiness.reasons().stream().anyMatch(r -> NOT_VERSION_SPECIFIC.contains(r.code()))) {
                return new ImageChoice.NotReady(reasons);
            }
        }
        if (newestFirst.size() > tried.size()) {
            List<String> unread = newestFirst.subList(tried.size(), newestFirst.size()).stream()
                    .map(v -> v.id().versionName()).toList();
            reasons.add(Reasons.candidateLimit(tried, unread, maxCandidates));
        }
        return new ImageChoice.NotReady(reasons);
    }

    /**
     * Nothing is read for a gallery outside ALLOWED_GALLERY_IDS. Otherwise the definition, its version list and the
     * newest {@code count} versions by name (whatever their state or exclusion), each read with replication status.
     */
    @Override
    public DefinitionVersions newestVersions(ImageDefinitionId id, int count, List<PoolTarget> targets) {
        if (!galleryAllowed.test(id.gallery())) {
            return DefinitionVersions.notRead(id, "gallery " + id.gallery() + " is not in ALLOWED_GALLERY_IDS");
        }
        Optional<ImageDefinition> definition = gallery.imageDefinition(id);
        if (definition.isEmpty()) {
            return DefinitionVersions.notRead(id, "image definition " + id + " was not found");
        }
        List<ImageVersion> listed;
        try {
            listed = gallery.versions(id).stream().sorted(DefinitionVersions.NEWEST_FIRST).toList();
        } catch (AzureCallException.NotFound deletedMeanwhile) {
            return DefinitionVersions.notRead(id, "image definition " + id + " was not found");
        }
        List<DefinitionVersions.Read> newest = new ArrayList<>();
        for (ImageVersion listedVersion : listed.subList(0, Math.min(count, listed.size()))) {
            Optional<ImageVersion> read = gallery.version(listedVersion.id());
            read.ifPresent(v -> newest.add(new DefinitionVersions.Read(v,
                    targets.stream().map(t -> evaluate(definition.get(), v, t)).toList())));
        }
        return new DefinitionVersions(id, definition, listed, newest, Optional.empty());
    }

    @Override
    public Optional<List<ImageVersion>> listedVersions(ImageDefinitionId id) {
        return gallery instanceof PassGalleryReads pass ? pass.versionsIfRead(id) : Optional.empty();
    }

    @Override
    public Optional<ImageVersion> versionAsRead(ImageVersionId version) {
        return gallery instanceof PassGalleryReads pass ? pass.versionIfRead(version) : Optional.empty();
    }

    /** The registration read happens here, after the image is known to exist, and at most once per resolve. */
    private Readiness evaluate(ImageDefinition definition, ImageVersion version, PoolTarget target) {
        ProviderRegistration registration = registrations.check(definition.id().armId().subscriptionId(),
                target.account().id().subscriptionId());
        return gate.evaluate(definition, version, target, true, registration, clock.instant());
    }

    private static ImageChoice notReady(Reason reason) {
        return new ImageChoice.NotReady(List.of(reason));
    }
}
