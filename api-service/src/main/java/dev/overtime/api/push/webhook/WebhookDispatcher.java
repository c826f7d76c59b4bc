package dev.overtime.api.push.webhook;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends due webhook messages, signed per Standard Webhooks, each on a virtual thread. Polls the
 * table on an interval (any replica may have queued a message) and is nudged for new ones.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private final WebhookDeliveries deliveries;
    private final WebhookSecrets secrets;
    private final WebhookUrlPolicy policy;
    private final PushConfig.Webhooks config;
    private final PushMetrics metrics;
    private final Tracer tracer;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSecrets secrets, WebhookUrlPolicy policy, ApiConfig config,
                             PushMetrics metrics, Tracer tracer) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.tracer = tracer;
        this.secrets = secrets;
        this.policy = policy;
        this.config = config.push().webhooks();
        // Redirects are not followed: a redirect could lead to an address the URL policy refuses.
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(senders).build();
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
            int sent = 0;
            try {
                sent = dispatchDue();
            } catch (RuntimeException e) {
                Log.warnf("Webhook dispatch round failed, will retry: %s", e.toString());
            }
            if (sent >= config.batchSize()) {
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

    int dispatchDue() {
        List<WebhookDeliveries.Due> due = deliveries.claimDue();
        List<Future<?>> sending = due.stream().map(d -> senders.submit(() -> send(d))).<Future<?>>map(f -> f).toList();
        for (Future<?> future : sending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return due.size();
            } catch (Exception e) {
                Log.warnf("Webhook send failed unexpectedly: %s", e.toString());
            }
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
        String error = null;
        WebhookDeliveries.Outcome outcome;
        try {
            URI uri = URI.create(due.url());
            policy.requireAllowed(uri);
            List<String> signing = secrets.active(due.owner());
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
            TraceContext.currentTraceparent().ifPresent(traceparent -> builder.header(TraceContext.TRACEPARENT, traceparent));
            HttpRequest request = builder
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Overtime-Webhooks/1")
                    .header("webhook-id", due.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSigner.signatures(signing, due.id(), timestamp, due.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(due.payload()))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            outcome = status >= 200 && status < 300 ? WebhookDeliveries.Outcome.DELIVERED
                    : status == 410 ? WebhookDeliveries.Outcome.GONE : WebhookDeliveries.Outcome.RETRY;
        } catch (ApiException e) {
            error = e.getMessage();
            outcome = WebhookDeliveries.Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
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
        Log.infof("Webhook delivery: deliveryId=%s jobId=%s attempt=%d status=%s outcome=%s",
                due.id(), due.jobId(), due.attempt(), status, outcome);
        deliveries.record(due, status, error, tookMs, outcome);
        metrics.webhookDelivery(outcome, tookMs);
    }
}
