package dev.overtime.outbox;

import dev.overtime.common.Metric;
import dev.overtime.common.metrics.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * How far this service's relay lags ({@code overtime_outbox_lag_seconds{service}}): the age of the oldest
 * unpublished row its last round saw, 0 once a round found nothing left. Learned from the rows the relay reads
 * anyway, so a scrape costs no query; while Kafka or the database is away it keeps growing.
 */
@ApplicationScoped
public class OutboxLag {

    private final OwnedGauges gauges;
    private final String service;
    private volatile Instant oldestUnpublished;

    public OutboxLag(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.gauges = new OwnedGauges(registry);
        this.service = service;
    }

    void register(@Observes StartupEvent event) {
        gauges.register(Gauge.builder(Metric.OUTBOX_LAG.meterName(), this, OutboxLag::seconds)
                .baseUnit(Metric.OUTBOX_LAG.baseUnit())
                .description("Age of the oldest outbox row this relay saw unpublished; 0 when caught up")
                .tag("service", service)
                .strongReference(true));
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    /** A round read unpublished rows, the oldest created at {@code createdAt}. */
    void saw(Instant createdAt) {
        oldestUnpublished = createdAt;
    }

    /** A round found nothing left to publish. */
    void caughtUp() {
        oldestUnpublished = null;
    }

    public double seconds() {
        Instant oldest = oldestUnpublished;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
