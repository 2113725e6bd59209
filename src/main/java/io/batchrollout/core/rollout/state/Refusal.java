package io.batchrollout.core.rollout.state;

import io.batchrollout.port.AzureCallException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure refused a rollout step for a reason retrying will not fix, recorded on the pool ({@link RolloutState#refused})
 * so that the next pass decides on it ({@link io.batchrollout.core.rollout.inplace.RefusalRules}) instead of repeating the step forever.
 *
 * <p>What counts: HTTP 400 (validation: the image version is gone or not replicated to the region, the node agent no
 * longer matches, an invalid formula) and 404 (a referenced resource is gone) on the four steps that carry a rollout:
 * the drain, the image change, the restore and the blue-green candidate's creation. Not: 409 and 412 (another writer
 * came first), 429 and 5xx (transient), nor 403: a missing role is the app's permissions, not the version's fault, so
 * nothing is rejected for it (the reconciler says so loudly and the next pass tries again).
 *
 * @param step    which step was refused
 * @param version the version name the step aimed at (the image asked for, or the pool's image for a restore)
 * @param status  Azure's HTTP status
 * @param code    Azure's error code, e.g. InvalidPropertyValue
 * @param at      when (the app's clock)
 * @param count   how many passes in a row the same step was refused (a restore is retried a few times)
 * @param message Azure's message, shortened
 */
public record Refusal(Kind step, String version, int status, String code, Instant at, int count, String message) {

    public enum Kind {
        DRAIN("drain"), CHANGE_IMAGE("changeImage"), RESTORE("restore"), CREATE_POOL("createPool");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wire.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown refused step '" + value + "'");
        }
    }

    public Refusal {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(at, "at");
        message = message == null ? "" : message;
        if (count < 1) {
            throw new IllegalArgumentException("a refusal is counted at least once");
        }
    }

    /** A refusal retrying will not fix: 400 or 404. 403 is loud but not one (see the class comment). */
    public static boolean isRefusal(AzureCallException e) {
        return e.status() == 400 || e.status() == 404;
    }

    /** 403: the app's identity lacks a role on the pool, account or gallery. */
    public static boolean isPermission(AzureCallException e) {
        return e.status() == 403;
    }

    /**
     * Which rollout step {@code step} is, when it is one whose refusal is recorded; empty for the others (metadata-only
     * writes, job moves, deletes and the blue-green retirement's drain keep the reconciler's earlier behaviour).
     */
    public static Optional<Kind> kindOf(Step step, RolloutState before) {
        if (step instanceof Step.ChangeImage) {
            return Optional.of(Kind.CHANGE_IMAGE);
        }
        if (step instanceof Step.Restore) {
            return Optional.of(Kind.RESTORE);
        }
        if (step instanceof Step.CreatePool) {
            return Optional.of(Kind.CREATE_POOL);
        }
        if (step instanceof Step.Drain drain && !drain.state().phase().blueGreen() && !before.phase().blueGreen()) {
            return Optional.of(Kind.DRAIN);
        }
        return Optional.empty();
    }

    /** The version name a refused step aimed at. */
    public static String versionOf(Step step, String poolImage) {
        if (step instanceof Step.ChangeImage change) {
            return PoolFacts.versionName(change.imageReferenceId());
        }
        if (step instanceof Step.CreatePool create) {
            return PoolFacts.versionName(create.spec().imageReferenceId());
        }
        if (step instanceof Step.Drain drain && drain.state().target().isPresent()) {
            return PoolFacts.versionName(drain.state().target().get());
        }
        return PoolFacts.versionName(poolImage);
    }

    /** This refusal once more (same step and version: counted on), or a first one. */
    public static Refusal next(Optional<Refusal> earlier, Kind step, String version, AzureCallException e, Instant now) {
        int count = earlier.filter(r -> r.step() == step && r.version().equals(version)).map(r -> r.count() + 1).orElse(1);
        return new Refusal(step, version, e.status(), e.code() == null ? "Unknown" : e.code(), now, count,
                oneLine(e.getMessage()));
    }

    /** "the image change to 1.1.0 (400 InvalidPropertyValue: ...)": the step, Azure's code and message. */
    public String describe() {
        return what() + " (" + status + " " + code + (message.isEmpty() ? "" : ": " + message) + ")";
    }

    public String what() {
        return switch (step) {
            case DRAIN -> "the drain for " + version;
            case CHANGE_IMAGE -> "the image change to " + version;
            case RESTORE -> "the restore of the saved scale on " + version;
            case CREATE_POOL -> "the creation of the candidate on " + version;
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
