package io.batchrollout.core.events;

import io.batchrollout.core.model.ImageVersionId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one delivered event means to this app. Only {@link VersionWritten} leads to work, and even then the app
 * trusts nothing but the resource id: the version is re-read from the gallery by the pass the event starts.
 */
public sealed interface GalleryEvent {

    /** A one-line description for the function's log. */
    String describe();

    /**
     * ARM wrote a gallery image version (created or updated) in an allowed gallery.
     *
     * @param eventTime when the event says the write happened; for the log only (absent or unreadable: empty)
     */
    record VersionWritten(ImageVersionId version, String eventId, Optional<Instant> eventTime) implements GalleryEvent {
        public VersionWritten {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventTime, "eventTime");
        }

        @Override
        public String describe() {
            return "event " + EventText.clip(eventId) + ": version " + version.versionName() + " of " + version.definition()
                    + " written" + eventTime.map(t -> " at " + t).orElse("");
        }
    }

    /** A well-formed event this app does not act on: acknowledged so Event Grid does not retry it. */
    record Ignored(String reason) implements GalleryEvent {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "ignored: " + reason;
        }
    }

    /** Not an event this app can read: dropped (retrying the same bytes would never help). */
    record Malformed(String reason) implements GalleryEvent {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "dropped a malformed event: " + reason;
        }
    }
}
