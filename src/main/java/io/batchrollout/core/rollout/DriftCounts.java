package io.batchrollout.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The fleet's drift in numbers, the same in the drift report's top members and in the line the pass logs after its
 * summary: managed pools in sync with the version their policy asks for, drifted, unknown (no version could be chosen,
 * or not looked at), stuck (a phase past its {@link io.batchrollout.core.rollout.gate.PhaseDeadline}), behind (not on
 * the newest version ready for them, {@link #daysBehind}), and on a version within {@link #END_OF_LIFE_WINDOW} of its
 * end of life or past it. Fields are {@code key=value} pairs, like the pass summary's.
 */
public record DriftCounts(int total, int inSync, int drifted, int unknown, int stuck, int behind, int endOfLifeSoon) {
    /** How close to its end-of-life date a version in use is reported. */
    public static final Duration END_OF_LIFE_WINDOW = Duration.ofDays(30);

    public String line() {
        return "drift summary: managed=" + total + " inSync=" + inSync + " drifted=" + drifted + " unknown=" + unknown
                + " stuck=" + stuck + " behind=" + behind + " endOfLifeSoon=" + endOfLifeSoon;
    }

    /**
     * Whole days since {@code published} (the newest version ready for a pool that is not on it), never negative;
     * empty when the gallery gave no published date.
     */
    public static Optional<Long> daysBehind(OffsetDateTime published, Instant now) {
        if (published == null) {
            return Optional.empty();
        }
        return Optional.of(Math.max(0, Duration.between(published.toInstant(), now).toDays()));
    }

    /** Whole days left until {@code endOfLife}, rounded down (a date passed 2.5 days ago is -3). */
    public static long daysLeft(OffsetDateTime endOfLife, Instant now) {
        return Math.floorDiv(Duration.between(now, endOfLife.toInstant()).getSeconds(), 86_400L);
    }

    /** Past its end of life, or within {@link #END_OF_LIFE_WINDOW} of it. */
    public static boolean endOfLifeSoon(OffsetDateTime endOfLife, Instant now) {
        return endOfLife != null && !now.plus(END_OF_LIFE_WINDOW).isBefore(endOfLife.toInstant());
    }

    /** One pool's part of the counts. */
    public enum Status { IN_SYNC, DRIFTED, UNKNOWN }

    /** Adds pools one at a time. */
    public static final class Tally {
        private int total, inSync, drifted, unknown, stuck, behind, endOfLifeSoon;

        public Tally add(Status status, boolean isStuck, boolean isBehind, boolean nearEndOfLife) {
            total++;
            switch (status) {
                case IN_SYNC -> inSync++;
                case DRIFTED -> drifted++;
                case UNKNOWN -> unknown++;
            }
            stuck += isStuck ? 1 : 0;
            behind += isBehind ? 1 : 0;
            endOfLifeSoon += nearEndOfLife ? 1 : 0;
            return this;
        }

        public DriftCounts counts() {
            return new DriftCounts(total, inSync, drifted, unknown, stuck, behind, endOfLifeSoon);
        }
    }
}
