package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.port.RolloutNotifications;
import java.util.List;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An operator's promote or reject of a candidate ({@code POST /api/images/promote} and {@code /reject}): the same
 * gallery writes a pass makes, on one version read just before, conditional on that read. Nothing is written for a
 * gallery outside ALLOWED_GALLERY_IDS, a version that does not exist, or one the request does not fit.
 */
public final class ManualPromotion {
    private final ImageGallery gallery;
    private final GalleryWrites writes;
    private final Predicate<GalleryId> galleryAllowed;
    private final Clock clock;
    private final RolloutNotifications notifications;

    public ManualPromotion(ImageGallery gallery, GalleryWrites writes, Predicate<GalleryId> galleryAllowed, Clock clock,
                           RolloutNotifications notifications) {
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.galleryAllowed = Objects.requireNonNull(galleryAllowed, "galleryAllowed");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
    }

    public sealed interface Outcome {
        /** Written: the version as read before, its state now and the reason written with it. */
        record Done(ImageVersion before, PromotionState state, String reason) implements Outcome {
        }

        /** The gallery is not in ALLOWED_GALLERY_IDS: nothing was read. */
        record GalleryNotAllowed(String detail) implements Outcome {
        }

        record NotFound(String detail) implements Outcome {
        }

        /** The version's state does not allow it (not excluded, already rejected, provisioning failed). */
        record Conflict(String detail, ImageVersion version) implements Outcome {
        }

        /** The version changed between the read and the write: nothing was written, asking again decides afresh. */
        record ChangedMeanwhile(String detail) implements Outcome {
        }
    }

    /** excludeFromLatest false (and per region) on a version still excluded; a rejected one may be promoted too. */
    public Outcome promote(ImageVersionId id, Optional<String> reason) {
        if (!galleryAllowed.test(id.definition().gallery())) {
            return notAllowed(id);
        }
        return gallery.version(id).map(version -> {
            if (!GalleryTags.excluded(version)) {
                return (Outcome) new Outcome.Conflict("Image version " + id.versionName() + " is not excluded from latest"
                        + (GalleryTags.promoted(version).map(p -> ": it was promoted (" + p + ")").orElse(": it is already "
                        + "offered as latest")) + ". Nothing was changed.", version);
            }
            if ("Failed".equalsIgnoreCase(version.provisioningState())) {
                return new Outcome.Conflict("Image version " + id.versionName() + " failed provisioning; no pool could run it. "
                        + "Nothing was changed.", version);
            }
            String text = "promoted by an operator at " + clock.instant() + reason.map(r -> ": " + r).orElse("");
            return write(id, version, PromotionUpdates.promote(version, text), PromotionState.PROMOTED, text);
        }).orElseGet(() -> missing(id));
    }

    /** The rejected tag on a version still excluded: no canary rolls to it any more, and it is never promoted by a pass. */
    public Outcome reject(ImageVersionId id, String reason) {
        if (!galleryAllowed.test(id.definition().gallery())) {
            return notAllowed(id);
        }
        return gallery.version(id).map(version -> {
            if (!GalleryTags.excluded(version)) {
                return (Outcome) new Outcome.Conflict("Image version " + id.versionName() + " is not excluded from latest: "
                        + "pools tracking the definition already take it, so rejecting it for promotion is too late. Publish "
                        + "a newer version (or set excludeFromLatest yourself). Nothing was changed.", version);
            }
            Optional<String> rejected = GalleryTags.rejected(version);
            if (rejected.isPresent()) {
                return new Outcome.Conflict("Image version " + id.versionName() + " is already rejected: " + rejected.get()
                        + ". Nothing was changed.", version);
            }
            String text = "rejected by an operator at " + clock.instant() + ": " + reason;
            return write(id, version, PromotionUpdates.reject(version, text), PromotionState.REJECTED, text);
        }).orElseGet(() -> missing(id));
    }

    private Outcome write(ImageVersionId id, ImageVersion version, GalleryWrites.VersionUpdate update, PromotionState state,
                          String text) {
        try {
            writes.updateVersion(id, update);
            try {
                notifications.publish(List.of(PromotionNotices.of(id, state, text, clock.instant())));
            } catch (RuntimeException notSent) {
                // The verdict is in the gallery; a notification never undoes or holds back a write.
            }
            return new Outcome.Done(version, state, text);
        } catch (AzureCallException.PreconditionFailed | AzureCallException.Conflict raced) {
            return new Outcome.ChangedMeanwhile("Image version " + id.versionName() + " changed between reading and "
                    + "writing it (" + raced.status() + " " + raced.code() + "); nothing was written, ask again.");
        } catch (AzureCallException.NotFound gone) {
            return missing(id);
        }
    }

    private static Outcome notAllowed(ImageVersionId id) {
        return new Outcome.GalleryNotAllowed("Image version " + id + " is in gallery " + id.definition().gallery()
                + ", which is not in ALLOWED_GALLERY_IDS. Nothing was read or changed.");
    }

    private static Outcome missing(ImageVersionId id) {
        return new Outcome.NotFound("Image version " + id + " was not found.");
    }
}
