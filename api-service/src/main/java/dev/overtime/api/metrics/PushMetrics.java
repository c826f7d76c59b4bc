package dev.overtime.api.metrics;

import dev.overtime.common.Metric;
import dev.overtime.common.metrics.OwnedGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.overtime.api.push.webhook.WebhookDeliveries;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** How clients follow jobs: open push connections by kind, and webhook deliveries by outcome and duration. */
@ApplicationScoped
public class PushMetrics {

    /** The {@code kind} label of a push connection. */
    public enum Kind {
        SSE, WEBSOCKET, WAIT
    }

    private final MeterRegistry registry;
    private final OwnedGauges gauges;
    private final Map<Kind, AtomicInteger> open = new EnumMap<>(Kind.class);

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.gauges = new OwnedGauges(registry);
        for (Kind kind : Kind.values()) {
            open.put(kind, new AtomicInteger());
        }
    }

    // Webhook outcomes exist from the start at 0, so a rate over them is defined before the first delivery.
    void register(@Observes StartupEvent event) {
        for (WebhookDeliveries.Outcome outcome : WebhookDeliveries.Outcome.values()) {
            deliveryCounter(outcome.name());
            deliveryTimer(outcome.name());
        }
        open.forEach((kind, count) -> gauges.register(Gauge.builder(Metric.PUSH_CONNECTIONS.meterName(), count,
                        AtomicInteger::get)
                .description("Open push connections by kind").tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .strongReference(true)));
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    /** Counts one open connection; run what it returns when the connection ends (running it twice counts once). */
    public Runnable opened(Kind kind) {
        AtomicInteger count = open.get(kind);
        count.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }

    /** One webhook delivery attempt ended with {@code outcome} (delivered, retry, gone) after {@code tookMs}. */
    public void webhookDelivery(WebhookDeliveries.Outcome outcome, long tookMs) {
        deliveryCounter(outcome.name()).increment();
        deliveryTimer(outcome.name()).record(Duration.ofMillis(tookMs));
    }

    private Counter deliveryCounter(String outcome) {
        return Counter.builder(Metric.WEBHOOK_DELIVERIES.meterName()).description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry);
    }

    private Timer deliveryTimer(String outcome) {
        return Timer.builder(Metric.WEBHOOK_DELIVERY_DURATION.meterName()).description("Webhook delivery attempts")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
