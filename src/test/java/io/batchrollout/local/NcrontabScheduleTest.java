package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NcrontabScheduleTest {

    private static Instant next(String expression, String after) {
        return NcrontabSchedule.parse(expression).next(Instant.parse(after));
    }

    @Test
    void everyFiveMinutesFiresOnTheNextMultipleOfFive() {
        assertEquals(Instant.parse("2026-01-05T09:05:00Z"), next("0 */5 * * * *", "2026-01-05T09:03:12Z"));
        assertEquals(Instant.parse("2026-01-05T09:10:00Z"), next("0 */5 * * * *", "2026-01-05T09:05:00Z"));
    }

    @Test
    void occurrencesAreStrictlyAfterTheGivenInstant() {
        assertEquals(Instant.parse("2026-01-05T09:00:01Z"), next("* * * * * *", "2026-01-05T09:00:00.500Z"));
    }

    @Test
    void dailyScheduleRollsOverMidnightAndMonthEnd() {
        assertEquals(Instant.parse("2026-02-01T02:30:00Z"), next("0 30 2 * * *", "2026-01-31T03:00:00Z"));
    }

    @Test
    void weekdayNamesAndRangesWork() {
        // 2026-01-09 is a Friday: the next weekday at 08:00 is Monday the 12th.
        assertEquals(Instant.parse("2026-01-12T08:00:00Z"), next("0 0 8 * * Mon-Fri", "2026-01-09T09:00:00Z"));
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatchAsInNcrontab() {
        // The next Friday the 13th after January 2026 is February 13th, 2026.
        assertEquals(Instant.parse("2026-02-13T00:00:00Z"), next("0 0 0 13 * FRI", "2026-01-14T00:00:00Z"));
    }

    @Test
    void leapDayIsFoundYearsAhead() {
        assertEquals(Instant.parse("2028-02-29T12:00:00Z"), next("0 0 12 29 Feb *", "2026-03-01T00:00:00Z"));
    }

    @Test
    void malformedExpressionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse("*/5 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse("0 60 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse("0 10-5 * * * *"));
        assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse("0 */0 * * * *"));
    }

    @Test
    void scheduleThatNeverFiresSaysSo() {
        assertThrows(IllegalStateException.class, () -> next("0 0 0 31 Feb *", "2026-01-01T00:00:00Z"));
    }
}
