package dev.overtime.worker.config;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import java.util.List;
import java.util.stream.Stream;

/**
 * Traces are exported only where an OTLP endpoint is configured ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}). Without
 * one, spans are not recorded, so nothing is exported or even tried, while trace context still flows: the
 * {@code traceparent} on outbox rows, Kafka records, CloudEvents and webhooks, and {@code traceId} in the logs.
 * (Quarkus takes a bean implementing {@link Sampler} over its configured sampler.)
 */
@Singleton
public class TraceSampling implements Sampler {

    /** Where Quarkus' own default endpoint (localhost:4317) comes from: that is no endpoint anybody set. */
    static final String QUARKUS_DEFAULTS = "DefaultValuesConfigSource";

    private final Sampler sampler;

    public TraceSampling(Config config) {
        boolean exporting = Stream.of("quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint")
                .map(config::getConfigValue)
                .anyMatch(TraceSampling::setByOperator);
        this.sampler = exporting ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff();
    }

    private static boolean setByOperator(ConfigValue value) {
        return value.getValue() != null && !value.getValue().isBlank() && !QUARKUS_DEFAULTS.equals(value.getSourceName());
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "OvertimeTraceSampling{" + sampler.getDescription() + "}";
    }
}
