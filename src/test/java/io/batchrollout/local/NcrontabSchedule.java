package io.batchrollout.local;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The six-field NCRONTAB expressions of the Functions timer trigger ({second} {minute} {hour} {day} {month}
 * {day-of-week}), evaluated in UTC as the host does by default. Fields take {@code *}, numbers, ranges, lists, steps
 * and three-letter month and day names. As in NCrontab, a day must match both the day-of-month and the day-of-week
 * field (cron's "either" rule does not apply).
 */
record NcrontabSchedule(String expression, BitSet seconds, BitSet minutes, BitSet hours, BitSet days, BitSet months,
                        BitSet daysOfWeek) {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough for any expression that fires at all (29 February included). */
    private static final int SEARCH_YEARS = 8;

    static NcrontabSchedule parse(String expression) {
        String[] f = expression.strip().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("'" + expression + "' has " + f.length + " fields; the timer trigger takes six: "
                    + "{second} {minute} {hour} {day} {month} {day-of-week}");
        }
        return new NcrontabSchedule(expression.strip(),
                field(expression, f[0], 0, 59, List.of()), field(expression, f[1], 0, 59, List.of()),
                field(expression, f[2], 0, 23, List.of()), field(expression, f[3], 1, 31, List.of()),
                field(expression, f[4], 1, 12, MONTHS), field(expression, f[5], 0, 6, WEEKDAYS));
    }

    /** The first occurrence strictly after {@code after}, to the second. */
    Instant next(Instant after) {
        LocalDateTime from = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDate date = from.toLocalDate();
        LocalDate end = date.plusYears(SEARCH_YEARS);
        while (!date.isAfter(end)) {
            if (months.get(date.getMonthValue()) && days.get(date.getDayOfMonth())
                    && daysOfWeek.get(date.getDayOfWeek().getValue() % 7)) {
                LocalTime earliest = date.equals(from.toLocalDate()) ? from.toLocalTime() : LocalTime.MIDNIGHT;
                Optional<LocalTime> time = firstTimeFrom(earliest);
                if (time.isPresent()) {
                    return date.atTime(time.get()).toInstant(ZoneOffset.UTC);
                }
            }
            date = date.plusDays(1);
        }
        throw new IllegalStateException("'" + expression + "' never fires");
    }

    private Optional<LocalTime> firstTimeFrom(LocalTime earliest) {
        for (int h = hours.nextSetBit(earliest.getHour()); h >= 0 && h <= 23; h = hours.nextSetBit(h + 1)) {
            boolean sameHour = h == earliest.getHour();
            for (int m = minutes.nextSetBit(sameHour ? earliest.getMinute() : 0); m >= 0 && m <= 59; m = minutes.nextSetBit(m + 1)) {
                int s = seconds.nextSetBit(sameHour && m == earliest.getMinute() ? earliest.getSecond() : 0);
                if (s >= 0 && s <= 59) {
                    return Optional.of(LocalTime.of(h, m, s));
                }
            }
        }
        return Optional.empty();
    }

    private static BitSet field(String expression, String field, int min, int max, List<String> names) {
        BitSet values = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(expression, part.substring(slash + 1), 1, Integer.MAX_VALUE, List.of());
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = number(expression, bounds[0], min, max, names);
                to = number(expression, bounds[1], min, max, names);
                if (to < from) {
                    throw new IllegalArgumentException("'" + expression + "': range '" + range + "' runs backwards");
                }
            } else {
                from = number(expression, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }
        return values;
    }

    private static int number(String expression, String text, int min, int max, List<String> names) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + min;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + expression + "': '" + text + "' is not a value from " + min + " to " + max);
    }
}
