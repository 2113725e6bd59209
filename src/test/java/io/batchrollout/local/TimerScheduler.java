package io.batchrollout.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs timer functions on their NCRONTAB schedule in real (wall-clock) time, UTC, one run at a time as the host's
 * singleton lock allows; {@code %NAME%} in a schedule is read from the app settings as the host does.
 */
final class TimerScheduler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SETTING = Pattern.compile("%([^%]+)%");

    private final FunctionHost host;
    private final Console console;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-timer-trigger");
        t.setDaemon(true);
        return t;
    });

    /** A timer function with its schedule resolved and parsed. */
    record ScheduledFunction(FunctionDefinition function, NcrontabSchedule schedule) {
    }

    TimerScheduler(FunctionHost host, Console console) {
        this.host = host;
        this.console = console;
    }

    /** Resolves every timer function's schedule; a setting that is missing or malformed fails start-up, as in the host. */
    static List<ScheduledFunction> resolve(FunctionCatalog catalog, Map<String, String> appSettings) {
        List<ScheduledFunction> scheduled = new ArrayList<>();
        for (FunctionDefinition f : catalog.all()) {
            if (f.trigger() instanceof FunctionDefinition.Timer timer) {
                scheduled.add(new ScheduledFunction(f, NcrontabSchedule.parse(resolveSettings(timer.schedule(), appSettings, f.name()))));
            }
        }
        return scheduled;
    }

    static String resolveSettings(String text, Map<String, String> appSettings, String functionName) {
        Matcher m = SETTING.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = appSettings.get(m.group(1));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(functionName + ": '" + text + "' refers to app setting " + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    void start(List<ScheduledFunction> functions) {
        for (ScheduledFunction f : functions) {
            scheduleAfter(f, Instant.now());
        }
    }

    private void scheduleAfter(ScheduledFunction f, Instant after) {
        Instant next = f.schedule().next(after);
        long delay = Math.max(0, Instant.now().until(next, ChronoUnit.MILLIS));
        console.line(f.function().name() + ": next run at " + next + " (schedule '" + f.schedule().expression() + "', UTC)");
        clock.schedule(() -> {
            // Past due when the previous run overran this occurrence (runs never overlap), as the host reports it.
            boolean pastDue = Instant.now().isAfter(next.plusSeconds(1));
            ObjectNode info = timerInfo(pastDue);
            info.putObject("ScheduleStatus").put("Last", next.toString()).put("Next", f.schedule().next(next).toString())
                    .put("LastUpdated", next.toString());
            host.invokeWithString(f.function(), "Timer fired at " + next, info.toString());
            scheduleAfter(f, next);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The TimerInfo JSON the worker gives a String-bound timer parameter when it runs through the admin API. */
    static String manualRunTimerInfo() {
        ObjectNode info = timerInfo(false);
        info.putNull("ScheduleStatus");
        return info.toString();
    }

    private static ObjectNode timerInfo(boolean pastDue) {
        ObjectNode info = JSON.createObjectNode();
        info.putObject("Schedule").put("AdjustForDST", true);
        info.put("IsPastDue", pastDue);
        return info;
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
