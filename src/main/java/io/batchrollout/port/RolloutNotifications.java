package io.batchrollout.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where rollout notifications go (an Event Grid topic as CloudEvents 1.0). A publish that fails throws
 * ({@link AzureCallException} or any runtime exception); the caller logs it and goes on: a notification never holds
 * a rollout back, and nothing is queued for a later retry.
 */
public interface RolloutNotifications {

    /** Notifications are off (NOTIFICATION_TOPIC_ENDPOINT empty). */
    RolloutNotifications OFF = notices -> { };

    /** Sends these notices as one batch, in this order. Never called with an empty list. */
    void publish(List<Notice> notices);

    /** A CloudEvent's pieces, as the adapter sends them: {@code id}, {@code type}, {@code subject}, {@code time}, {@code data}. */
    record Notice(String id, String type, String subject, Instant time, Data data) {
        public Notice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The event's {@code data}; versions are names ("1.1.0"), null when the transition has none.
     *
     * @param poolId            the pool's name
     * @param batchAccountId    the account's ARM id
     * @param imageDefinitionId the tracked image definition's ARM id
     * @param group             the blue-green group (null for in-place pools)
     * @param phase             the phase recorded by the write (STABLE, DRAINING...)
     * @param reasons           the recorded decision, in words (one entry per reason)
     * @param link              {@code /api/pools/{poolId}?batchAccountId=...}: getPool for the pool
     */
    record Data(String poolId, String batchAccountId, String imageDefinitionId, String fromVersion, String toVersion,
                String phase, List<String> reasons, String group, String link) {
        public Data {
            reasons = List.copyOf(reasons);
        }
    }
}
