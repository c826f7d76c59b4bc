package dev.overtime.api.push.webhook;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.metrics.PushMetrics;
import dev.overtime.outbox.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends due webhook messages, signed per Standard Webhooks, each on a virtual thread that the dispatch loop never waits
 * for. An owner has at most {@code per-owner-concurrency} attempts in flight and the replica {@code max-in-flight}, and
 * each attempt ends by {@code timeout}: a slow or dead receiver delays only its owner's messages. Polls the table on
 * an interval (any replica may have queued a message) and is nudged for new ones and for freed slots.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private final WebhookDeliveries deliveries;
    private final WebhookSecrets secrets;
    private final WebhookUrlPolicy policy;
    private final WebhookSender sender;
    private final PushConfig.Webhooks config;
    private final OwnerSlots slots;
    private final PushMetrics metrics;
    private final Tracer tracer;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSecrets secrets, WebhookUrlPolicy policy,
                             WebhookSender sender, ApiConfig config, PushMetrics metrics, Tracer tracer) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.tracer = tracer;
        this.secrets = secrets;
        this.policy = policy;
        this.sender = sender;
        this.config = config.push().webhooks();
        this.slots = new OwnerSlots(this.config.perOwnerConcurrency(), this.config.maxInFlight());
    }

    public void nudge() {
        wakeUps.offer(Boolean.TRUE);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        Thread.ofVirtual().name("webhook-dispatcher").start(this::dispatchUntilStopped);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        nudge();
        senders.shutdownNow();
    }

    private void dispatchUntilStopped() {
        while (running) {
            int asked = Math.min(config.batchSize(), slots.free());
            int claimed = 0;
            if (asked > 0) {
                try {
                    claimed = dispatchDue(asked);
                } catch (RuntimeException e) {
                    Log.warnf("Webhook dispatch round failed, will retry: %s", e.toString());
                }
            }
            if (asked > 0 && claimed >= asked) {
                continue;
            }
            try {
                wakeUps.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims what is due for owners with free slots and hands each message to a sender of its own. */
    private int dispatchDue(int limit) {
        List<WebhookDeliveries.Due> due = deliveries.claimDue(limit, slots.perOwner(), slots.occupied());
        for (WebhookDeliveries.Due message : due) {
            slots.occupy(message.owner());
            senders.execute(() -> {
                try {
                    send(message);
                } finally {
                    if (slots.release(message.owner())) {
                        nudge();
                    }
                }
            });
        }
        return due.size();
    }

    // One span per attempt, in the trace of the lifecycle event that queued the delivery; the receiver gets its
    // traceparent, so a traced receiver joins the same trace.
    private void send(WebhookDeliveries.Due due) {
        Span span = tracer.spanBuilder("webhook deliver").setSpanKind(SpanKind.CLIENT)
                .setParent(TraceContext.of(due.traceparent()))
                .setAttribute("overtime.webhook.delivery_id", due.id())
                .setAttribute("overtime.webhook.attempt", due.attempt())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            deliver(due, span);
        } finally {
            span.end();
        }
    }

    private void deliver(WebhookDeliveries.Due due, Span span) {
        long started = System.nanoTime();
        Integer status = null;
        String error;
        WebhookDeliveries.Outcome outcome;
        try {
            VettedUrl url = policy.vet(URI.create(due.url()));
            long timestamp = Instant.now().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "Overtime-Webhooks/1");
            headers.put("webhook-id", due.id());
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature",
                    WebhookSigner.signatures(secrets.active(due.owner()), due.id(), timestamp, due.payload()));
            TraceContext.currentTraceparent().ifPresent(traceparent -> headers.put(TraceContext.TRACEPARENT, traceparent));
            // Redirects are not followed: a redirect could lead to an address the URL policy refuses.
            WebhookSender.Attempt attempt = sender.post(url, headers, due.payload().getBytes(StandardCharsets.UTF_8));
            status = attempt.status();
            error = attempt.error();
            outcome = !attempt.complete() ? WebhookDeliveries.Outcome.RETRY
                    : status >= 200 && status < 300 ? WebhookDeliveries.Outcome.DELIVERED
                    : status == 410 ? WebhookDeliveries.Outcome.GONE : WebhookDeliveries.Outcome.RETRY;
        } catch (ApiException e) {
            error = e.getMessage();
            outcome = WebhookDeliveries.Outcome.RETRY;
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            outcome = WebhookDeliveries.Outcome.RETRY;
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (status != null) {
            span.setAttribute("http.response.status_code", status);
        }
        if (outcome != WebhookDeliveries.Outcome.DELIVERED) {
            span.setStatus(StatusCode.ERROR, outcome.name());
        }
        Log.infof("Webhook delivery: deliveryId=%s %s attempt=%d status=%s outcome=%s tookMs=%d",
                due.id(), due.subject(), due.attempt(), status, outcome, tookMs);
        metrics.webhookDelivery(outcome, tookMs);
        try {
            deliveries.record(due, status, error, tookMs, outcome);
        } catch (RuntimeException e) {
            // The claim's lease runs out and the message is sent again: at least once, never lost.
            Log.warnf("Could not record webhook attempt %d of %s, it will be retried: %s", due.attempt(), due.id(), e.toString());
        }
    }
}
