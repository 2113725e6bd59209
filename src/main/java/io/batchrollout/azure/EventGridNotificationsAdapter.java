package io.batchrollout.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.Context;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.port.RolloutNotifications;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Rollout notifications as CloudEvents 1.0, one batch per call, to an Event Grid topic with
 * {@link EventGridPublisherClient} (POST {endpoint}?api-version=2018-01-01, application/cloudevents-batch+json),
 * signed in as the app's identity (token audience https://eventgrid.azure.net; the role is EventGrid Data Sender on
 * the topic). No retries: a notification that fails is logged by the pass and not sent again.
 */
final class EventGridNotificationsAdapter implements RolloutNotifications {
    /** The CloudEvent {@code source}: the app. */
    static final String SOURCE = "/batch-image-rollout";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How long a publish may wait for the topic's answer: the pass publishes after its writes and before it returns,
     * so a topic that hangs costs the pass this much at most (the app's HTTP client otherwise waits 60 s).
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EventGridPublisherClient<CloudEvent> client;
    private final Duration timeout;

    /** @param counting counts each request sent, as the app's other pipelines do (the pass summary's figure) */
    EventGridNotificationsAdapter(String endpoint, TokenCredential credential, HttpClient httpClient,
                                  HttpPipelinePolicy counting, Duration timeout) {
        this.timeout = timeout;
        this.client = new EventGridPublisherClientBuilder()
                .endpoint(endpoint)
                .credential(credential)
                .httpClient(httpClient)
                .clientOptions(new ClientOptions().setApplicationId(AzureClients.USER_AGENT))
                .addPolicy(counting)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildCloudEventPublisherClient();
    }

    @Override
    public void publish(List<Notice> notices) {
        List<CloudEvent> events = notices.stream().map(EventGridNotificationsAdapter::event).toList();
        // azure-core's per-call response timeout (read by the JDK HTTP client).
        AzureErrors.run("publishing " + events.size() + " notification(s)",
                () -> client.sendEventsWithResponse(events, new Context("azure-response-timeout", timeout)));
    }

    static CloudEvent event(Notice notice) {
        return new CloudEvent(SOURCE, notice.type(), BinaryData.fromString(data(notice.data())), CloudEventDataFormat.JSON,
                "application/json")
                .setId(notice.id())
                .setSubject(notice.subject())
                .setTime(rfc3339(notice.time()));
    }

    /**
     * azure-core writes {@code time} with OffsetDateTime.toString(), which leaves the seconds out at a whole minute
     * ("09:06Z"), and CloudEvents require RFC 3339 (seconds included). A whole-minute time is moved by one
     * millisecond so that it is written "09:06:00.001Z"; any other time is written as it is.
     */
    static OffsetDateTime rfc3339(Instant time) {
        OffsetDateTime utc = time.atOffset(ZoneOffset.UTC);
        return utc.getSecond() == 0 && utc.getNano() == 0 ? utc.plusNanos(1_000_000) : utc;
    }

    static String data(Data data) {
        ObjectNode node = JSON.createObjectNode()
                .put("poolId", data.poolId())
                .put("batchAccountId", data.batchAccountId())
                .put("imageDefinitionId", data.imageDefinitionId())
                .put("fromVersion", data.fromVersion())
                .put("toVersion", data.toVersion())
                .put("phase", data.phase());
        data.reasons().forEach(node.putArray("reasons")::add);
        node.put("group", data.group()).put("link", data.link());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification's data could not be written as JSON", e);
        }
    }
}
