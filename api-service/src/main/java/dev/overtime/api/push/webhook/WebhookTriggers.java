package dev.overtime.api.push.webhook;

import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobEventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns lifecycle events into webhook messages. Unlike the change feed, this consumer shares one
 * consumer group across replicas and commits offsets, so each event is considered once and none is
 * missed while replicas restart; enqueueing is idempotent, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class WebhookTriggers {

    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;

    public WebhookTriggers(WebhookDeliveries deliveries, WebhookDispatcher dispatcher) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    /**
     * A lifecycle event a webhook may want: the job, the webhook event name, the partial image's index if any, and
     * the event's trace context, which its delivery continues.
     */
    private record Trigger(UUID jobId, String event, String suffix, String traceparent) {
    }

    /** Takes events in batches: one query finds the few jobs with a webhook, the rest cost nothing more. */
    @Incoming("webhook-triggers")
    @RunOnVirtualThread
    public void enqueueWebhooks(List<String> values) {
        List<Trigger> triggers = values.stream().map(this::trigger).flatMap(Optional::stream).toList();
        if (triggers.isEmpty()) {
            return;
        }
        Set<UUID> watched;
        try {
            watched = deliveries.withActiveWebhook(triggers.stream().map(Trigger::jobId).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            // Without the shortcut every trigger is tried on its own (enqueue checks the webhook itself), so a blip
            // costs at most the triggers whose own attempt fails too, never the whole batch.
            Log.warnf("Could not look up webhooks for %d job events; trying each: %s", triggers.size(), e.toString());
            watched = null;
        }
        boolean queued = false;
        for (Trigger trigger : triggers) {
            if (watched != null && !watched.contains(trigger.jobId())) {
                continue;
            }
            try {
                queued |= deliveries.enqueue(trigger.jobId(), trigger.event(), trigger.suffix(), trigger.traceparent());
            } catch (RuntimeException e) {
                Log.warnf("Could not queue the %s webhook of job %s: %s", trigger.event(), trigger.jobId(), e.toString());
            }
        }
        if (queued) {
            dispatcher.nudge();
        }
    }

    private Optional<Trigger> trigger(String value) {
        JobEventEnvelope event;
        try {
            event = JobEventEnvelope.parse(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String name = switch (event.type() == null ? "" : event.type()) {
            case ImageEditStarted.TYPE -> "started";
            case ImageEditSucceeded.TYPE -> "succeeded";
            case ImageEditFailed.TYPE -> "failed";
            case JobEventsConsumer.CANCELED_TYPE -> "canceled";
            case JobEventsConsumer.PARTIAL_IMAGE_TYPE -> "partial_image";
            default -> null;
        };
        if (name == null) {
            return Optional.empty();
        }
        Optional<UUID> jobId = event.jobId();
        if (jobId.isEmpty()) {
            Log.debugf("Job event of type %s without a job id", event.type());
            return Optional.empty();
        }
        String suffix = name.equals("partial_image") ? event.data().path("partialImageIndex").asText("0") : null;
        return Optional.of(new Trigger(jobId.get(), name, suffix, event.traceparent()));
    }
}
