package dev.overtime.api.push.webhook;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.common.events.ImageEditBatchCompleted;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobEventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Turns lifecycle events into webhook messages. Unlike the change feed, this consumer shares one
 * consumer group across replicas and commits offsets, so each event is considered once and none is
 * missed while replicas restart; enqueueing is idempotent, so a redelivered event changes nothing.
 * An event is acknowledged only once its message is queued: a failed enqueue (database away) is retried with
 * backoff for as long as webhook deliveries are, never dropped, and a replica stopping mid-retry leaves the
 * event uncommitted for the next one.
 */
@ApplicationScoped
public class WebhookTriggers {

    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final WebhookDeliveries deliveries;
    private final WebhookDispatcher dispatcher;
    private final Duration retryPeriod;
    private final Counter retries;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public WebhookTriggers(WebhookDeliveries deliveries, WebhookDispatcher dispatcher, ApiConfig config,
                           MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.retryPeriod = config.push().webhooks().retryPeriod();
        this.retries = Counter.builder("overtime.webhooks.enqueue.retries")
                .description("Webhook messages whose enqueue failed and is being retried").register(metrics);
    }

    /**
     * A lifecycle event a webhook may want: the job (or, for {@code batch.completed}, the batch), the webhook event
     * name, the partial image's index if any, and the event's trace context, which its delivery continues.
     */
    private record Trigger(UUID jobId, UUID batchId, String event, String suffix, String traceparent) {
    }

    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    /** Takes events in batches: one query finds the few jobs with a webhook, the rest cost nothing more. */
    @Incoming("webhook-triggers")
    @RunOnVirtualThread
    public void enqueueWebhooks(List<String> values) throws InterruptedException {
        List<Trigger> pending = values.stream().map(this::triggerOrSkip).flatMap(Optional::stream).toList();
        long giveUpAt = System.nanoTime() + retryPeriod.toNanos();
        Duration wait = FIRST_RETRY;
        while (!pending.isEmpty()) {
            pending = enqueue(pending);
            if (pending.isEmpty()) {
                return;
            }
            retries.increment(pending.size());
            if (System.nanoTime() - giveUpAt > 0) {
                Log.errorf("Gave up queueing %d webhook messages after %s of failures: %s", pending.size(), retryPeriod,
                        pending);
                return;
            }
            Log.warnf("Could not queue %d webhook messages; retrying in %d ms", pending.size(), wait.toMillis());
            if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                // Thrown, the batch is not acknowledged and its offset not committed: the next replica queues it.
                // Waiting out the retry period instead would hold the application's shutdown for as long.
                throw new IllegalStateException("Stopping with " + pending.size() + " webhook messages not queued; "
                        + "their events stay uncommitted for the next replica");
            }
            wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
        }
    }

    /** Queues what it can; returns the triggers whose enqueue failed. */
    private List<Trigger> enqueue(List<Trigger> triggers) {
        Set<UUID> watched;
        try {
            watched = deliveries.withActiveWebhook(triggers.stream().map(Trigger::jobId).filter(Objects::nonNull)
                    .collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            Log.warnf("Could not look up webhooks for %d job events: %s", triggers.size(), e.toString());
            return triggers;
        }
        List<Trigger> failed = new ArrayList<>();
        boolean queued = false;
        for (Trigger trigger : triggers) {
            if (trigger.jobId() != null && !watched.contains(trigger.jobId())) {
                continue;
            }
            try {
                queued |= trigger.batchId() != null
                        ? deliveries.enqueueBatchCompleted(trigger.batchId(), trigger.traceparent())
                        : deliveries.enqueue(trigger.jobId(), trigger.event(), trigger.suffix(), trigger.traceparent());
            } catch (RuntimeException e) {
                Log.warnf("Could not queue the %s webhook of %s %s: %s", trigger.event(),
                        trigger.batchId() != null ? "batch" : "job",
                        trigger.batchId() != null ? trigger.batchId() : trigger.jobId(), e.toString());
                failed.add(trigger);
            }
        }
        if (queued) {
            dispatcher.nudge();
        }
        return failed;
    }

    // The channel fails on an exception (so an unqueued event is never acknowledged): an event we can't read is
    // skipped, not thrown.
    private Optional<Trigger> triggerOrSkip(String value) {
        try {
            return trigger(value);
        } catch (RuntimeException e) {
            Log.warnf("Skipped an unreadable job event: %s", e.toString());
            return Optional.empty();
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
            case ImageEditBatchCompleted.TYPE -> WebhookDeliveries.BATCH_COMPLETED;
            default -> null;
        };
        if (name == null) {
            return Optional.empty();
        }
        // A batch's event has the batch id as its subject, where a job's has the job id.
        Optional<UUID> subject = event.jobId();
        if (subject.isEmpty()) {
            Log.debugf("Event of type %s without a subject", event.type());
            return Optional.empty();
        }
        if (name.equals(WebhookDeliveries.BATCH_COMPLETED)) {
            return Optional.of(new Trigger(null, subject.get(), name, null, event.traceparent()));
        }
        String suffix = name.equals("partial_image") ? event.data().path("partialImageIndex").asText("0") : null;
        return Optional.of(new Trigger(subject.get(), null, name, suffix, event.traceparent()));
    }
}
