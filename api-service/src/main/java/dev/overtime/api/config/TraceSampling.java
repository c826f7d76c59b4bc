package dev.overtime.api.config;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Traces are exported only where an OTLP endpoint is configured ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}). Without
 * one, spans are not recorded, so nothing is exported or even tried, while trace context still flows: the
 * {@code traceparent} on outbox rows, Kafka records, CloudEvents and webhooks, and {@code traceId} in the logs.
 */
public class TraceSampling {

    // Unremovable: Quarkus finds samplers through an @All list, which doesn't keep an otherwise unused bean alive.
    @Produces
    @Singleton
    @Unremovable
    Sampler sampler(@ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> traces,
                    @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint") Optional<String> any) {
        boolean exporting = traces.or(() -> any).filter(endpoint -> !endpoint.isBlank()).isPresent();
        return exporting ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff();
    }
}
