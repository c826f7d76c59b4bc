package dev.overtime.api.metrics;

import dev.overtime.api.accounts.client.AccountsClient;
import dev.overtime.api.moderation.client.ModerationClient;
import dev.overtime.api.presets.client.PresetsClient;
import dev.overtime.common.Metric;
import dev.overtime.common.metrics.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's upstream calls as metrics: each guarded call's duration by upstream and outcome (recorded by
 * {@code upstream.UpstreamGuard}), and each configured upstream's circuit breaker state.
 */
@ApplicationScoped
public class UpstreamMetrics {

    /** How a call ended, the {@code outcome} label. */
    public enum Outcome {
        SUCCESS, ERROR, TIMEOUT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final OwnedGauges gauges;
    private final CircuitBreakerMaintenance circuits;
    private final AccountsClient accounts;
    private final PresetsClient presets;

    public UpstreamMetrics(MeterRegistry registry, CircuitBreakerMaintenance circuits, AccountsClient accounts,
                           PresetsClient presets) {
        this.registry = registry;
        this.gauges = new OwnedGauges(registry);
        this.circuits = circuits;
        this.accounts = accounts;
        this.presets = presets;
    }

    void register(@Observes StartupEvent event) {
        List<String> guarded = new ArrayList<>(List.of(ModerationClient.UPSTREAM));
        if (accounts.configured()) {
            guarded.add(AccountsClient.UPSTREAM);
        }
        if (presets.configured()) {
            guarded.add(PresetsClient.UPSTREAM);
        }
        for (String upstream : guarded) {
            gauges.register(Gauge.builder(Metric.CIRCUIT_STATE.meterName(), circuits, c -> state(c, upstream))
                    .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                    .tag("upstream", upstream).strongReference(true));
        }
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    /** One guarded call ended after {@code durationMs} (all its attempts); a short-circuited call is not one. */
    public void called(String upstream, Outcome outcome, long durationMs) {
        timer(registry, upstream, outcome.label()).record(Duration.ofMillis(durationMs));
    }

    /** The histogram both services record upstream calls in ({@code overtime_upstream_request_duration_seconds}). */
    static Timer timer(MeterRegistry registry, String upstream, String outcome) {
        return Timer.builder(Metric.UPSTREAM_REQUEST_DURATION.meterName())
                .description("Upstream calls by upstream and outcome")
                .tag("upstream", upstream).tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private static double state(CircuitBreakerMaintenance circuits, String upstream) {
        return switch (circuits.currentState(upstream)) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
