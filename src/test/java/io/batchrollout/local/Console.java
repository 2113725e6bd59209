package io.batchrollout.local;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Where the runner says what happens: one timestamped, readable line per event. */
final class Console {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        synchronized (out) {
            out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.MILLIS).format(TIME) + "] " + text);
        }
    }

    /** Lines printed as they are, for the banner. */
    void raw(String text) {
        synchronized (out) {
            out.println(text);
        }
    }
}
