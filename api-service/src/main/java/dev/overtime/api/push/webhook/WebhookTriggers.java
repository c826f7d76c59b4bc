package dev.overtime.api.push.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.io.IOException;
import java.util.UUID;

/**
 * Turns lifecycle events into webhook messages. Unlike the change feed, this consumer shares one
 * consumer group across replicas and commits offsets, so each event is considered once and none is
 * missed while replicas restart; enqueueing is idempotent, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class WebhookTriggers {

    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final ObjectMapper json;

    public WebhookTriggers(WebhookDeliveries deliveries, WebhookDispatcher dispatcher, ObjectMapper json) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @Incoming("webhook-triggers")
    @RunOnVirtualThread
    public void enqueueWebhooks(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (IOException e) {
            return;
        }
        String name = switch (event.path("type").asText("")) {
            case ImageEditStarted.TYPE -> "started";
            case ImageEditSucceeded.TYPE -> "succeeded";
            case ImageEditFailed.TYPE -> "failed";
            case JobEventsConsumer.CANCELED_TYPE -> "canceled";
            case JobEventsConsumer.PARTIAL_IMAGE_TYPE -> "partial_image";
            default -> null;
        };
        if (name == null) {
            return;
        }
        try {
            UUID jobId = UUID.fromString(event.path("subject").asText(""));
            String suffix = name.equals("partial_image") ? event.at("/data/partialImageIndex").asText("0") : null;
            if (deliveries.enqueue(jobId, name, suffix)) {
                dispatcher.nudge();
            }
        } catch (IllegalArgumentException e) {
            Log.debugf("Job event without a job id: %s", e.getMessage());
        }
    }
}
