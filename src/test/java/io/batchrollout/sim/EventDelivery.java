package io.batchrollout.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Delivers Event Grid events to a webhook the way an Event Grid subscription does: a POST of a JSON array with
 * {@code aeg-event-type: Notification}, off the request thread (Azure never delivers inside the write that caused
 * the event), one delivery at a time. Without a webhook, events are only kept for tests to read.
 */
public final class EventDelivery {

    /** One delivery attempt and the webhook's answer (0 when none was configured or it could not be reached). */
    public record Delivered(JsonNode events, int status) {
    }

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulated-event-grid");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Delivered> delivered = new ArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private volatile URI webhook;

    public void setWebhook(URI webhook) {
        this.webhook = webhook;
    }

    public Optional<URI> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** Queues an Event Grid schema array for delivery. */
    public synchronized void publish(JsonNode eventArray) {
        pending.add(sender.submit(() -> send(eventArray)));
    }

    private void send(JsonNode events) {
        URI target = webhook;
        int status = 0;
        if (target != null) {
            try {
                HttpRequest request = HttpRequest.newBuilder(target)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("aeg-event-type", "Notification")
                        .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
                        .build();
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = 0;
            }
        }
        synchronized (this) {
            delivered.add(new Delivered(events, status));
        }
    }

    /** Waits until every event published so far was sent; tests call it before asserting on effects. */
    public void awaitDelivered() {
        List<Future<?>> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(pending);
            pending.clear();
        }
        for (Future<?> f : snapshot) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("event delivery did not finish", e);
            }
        }
    }

    public synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    void close() {
        sender.shutdownNow();
    }
}
