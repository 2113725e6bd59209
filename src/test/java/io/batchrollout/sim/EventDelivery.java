package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Delivers Event Grid events to a webhook the way an Event Grid subscription does: a POST of a JSON array with
 * {@code aeg-event-type: Notification}, off the request thread (Azure never delivers inside the write that caused
 * the event), one delivery at a time. Like Event Grid, delivery is at least once: an answer other than 2xx (or none
 * within 30 s) is retried on Event Grid's schedule (10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every
 * 12 h) in simulated time, until 24 hours have passed or 30 attempts were made, whichever comes first; 400, 401, 403
 * and 413 are never retried (Event Grid dead-letters them at once). Event Grid adds some randomness to each wait; the
 * simulator does not, so tests can count on the schedule. Tests can also script a duplicate. Without a webhook,
 * events are only kept for tests to read.
 */
public final class EventDelivery implements TimeDriven {

    /**
     * One delivery attempt, when it was sent (simulated time) and the webhook's answer (0 when none was configured or
     * it could not be reached).
     */
    public record Delivered(JsonNode events, int status, int attempt, Instant at) {
    }

    /** The wait before each retry; the last one repeats. */
    static final List<Duration> RETRY_SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12));
    static final Duration TIME_TO_LIVE = Duration.ofHours(24);
    static final int MAX_ATTEMPTS = 30;
    /** Answers Event Grid does not retry: the endpoint refused the events or the caller, retrying will not help. */
    static final java.util.Set<Integer> NOT_RETRIED = java.util.Set.of(400, 401, 403, 413);

    private record Retry(JsonNode events, int attempt, Instant firstTry, Instant due) {
    }

    private final SimClock clock;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulated-event-grid");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Delivered> delivered = new ArrayList<>();
    private final List<JsonNode> deadLettered = new ArrayList<>();
    private final List<Retry> retries = new ArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private volatile URI webhook;
    private int duplicatesToSend;

    public EventDelivery(SimClock clock) {
        this.clock = clock;
    }

    public void setWebhook(URI webhook) {
        this.webhook = webhook;
    }

    public Optional<URI> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** The next {@code count} publications are each delivered twice, as Event Grid may do. */
    public synchronized void duplicateNext(int count) {
        duplicatesToSend += count;
    }

    /** Queues an Event Grid schema array for delivery. */
    public synchronized void publish(JsonNode eventArray) {
        Instant now = clock.now();
        submit(eventArray, 1, now);
        if (duplicatesToSend > 0) {
            duplicatesToSend--;
            submit(eventArray, 1, now);
        }
    }

    private synchronized void submit(JsonNode events, int attempt, Instant firstTry) {
        pending.add(sender.submit(() -> send(events, attempt, firstTry)));
    }

    /** Sends the retries that fell due; called by the simulator as its clock moves. */
    @Override
    public synchronized void advanceTo(Instant now) {
        Iterator<Retry> it = retries.iterator();
        while (it.hasNext()) {
            Retry retry = it.next();
            if (!retry.due().isAfter(now)) {
                it.remove();
                submit(retry.events(), retry.attempt(), retry.firstTry());
            }
        }
    }

    private void send(JsonNode events, int attempt, Instant firstTry) {
        Instant at = clock.now();
        URI target = webhook;
        int status = 0;
        if (target != null) {
            try {
                HttpRequest request = HttpRequest.newBuilder(target)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("aeg-event-type", "Notification")
                        .header("aeg-delivery-count", Integer.toString(attempt - 1))
                        .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
                        .build();
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = 0;
            }
        }
        synchronized (this) {
            delivered.add(new Delivered(events, status, attempt, at));
            if (target != null && (status < 200 || status > 299)) {
                scheduleRetry(events, attempt, firstTry, status);
            }
        }
    }

    private void scheduleRetry(JsonNode events, int attempt, Instant firstTry, int status) {
        Duration wait = RETRY_SCHEDULE.get(Math.min(attempt - 1, RETRY_SCHEDULE.size() - 1));
        Instant due = clock.now().plus(wait);
        if (NOT_RETRIED.contains(status) || attempt >= MAX_ATTEMPTS || due.isAfter(firstTry.plus(TIME_TO_LIVE))) {
            deadLettered.add(events);
            return;
        }
        retries.add(new Retry(events, attempt + 1, firstTry, due));
    }

    /** Waits until every delivery attempt started so far has been answered; tests call it before asserting. */
    public void awaitDelivered() {
        while (true) {
            List<Future<?>> snapshot;
            synchronized (this) {
                snapshot = new ArrayList<>(pending);
                pending.clear();
            }
            if (snapshot.isEmpty()) {
                return;
            }
            for (Future<?> f : snapshot) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("event delivery did not finish", e);
                }
            }
        }
    }

    public synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** Deliveries Event Grid gave up on: answered 400, 401, 403 or 413, or still failing after 24 hours or 30 attempts. */
    public synchronized List<JsonNode> deadLettered() {
        return List.copyOf(deadLettered);
    }

    /** Deliveries waiting for their next try. */
    public synchronized int retriesPending() {
        return retries.size();
    }

    void close() {
        sender.shutdownNow();
    }
}
