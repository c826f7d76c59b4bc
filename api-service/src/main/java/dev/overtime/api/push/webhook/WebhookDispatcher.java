package dev.overtime.api.push.webhook;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.metrics.PushMetrics;
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
    private final HttpClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSecrets secrets, WebhookUrlPolicy policy, ApiConfig config,
                             PushMetrics metrics) {
        this.deliveries = deliveries;
        this.metrics = metrics;
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

    private void send(WebhookDeliveries.Due due) {
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        WebhookDeliveries.Outcome outcome;
        try {
            URI uri = URI.create(due.url());
            policy.requireAllowed(uri);
            List<String> signing = secrets.active(due.owner());
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(uri)
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
        Log.infof("Webhook delivery: deliveryId=%s jobId=%s attempt=%d status=%s outcome=%s",
                due.id(), due.jobId(), due.attempt(), status, outcome);
        deliveries.record(due, status, error, tookMs, outcome);
        metrics.webhookDelivery(outcome, tookMs);
    }
}
