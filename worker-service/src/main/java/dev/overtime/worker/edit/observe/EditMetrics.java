package dev.overtime.worker.edit.observe;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.Metric;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.events.ImageEditCanceled;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.metrics.OwnedGauges;
import dev.overtime.worker.edit.service.InFlightEdits;
import dev.overtime.outbox.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;

/**
 * The worker's metrics: OpenAI calls (duration by outcome, retries, billed tokens), edits in flight, and jobs that
 * ended here (counted from the lifecycle events, once their transaction committed).
 */
@ApplicationScoped
public class EditMetrics {

    /** The {@code upstream} label of OpenAI's image edit calls. */
    public static final String OPENAI = "openai";

    private final MeterRegistry registry;
    private final OwnedGauges gauges;
    private final InFlightEdits inFlight;
    private final TransactionSynchronizationRegistry transactions;

    public EditMetrics(MeterRegistry registry, InFlightEdits inFlight, TransactionSynchronizationRegistry transactions) {
        this.registry = registry;
        this.gauges = new OwnedGauges(registry);
        this.inFlight = inFlight;
        this.transactions = transactions;
    }

    void register(@Observes StartupEvent event) {
        gauges.register(Gauge.builder(Metric.WORKER_EDITS_IN_FLIGHT.meterName(), inFlight, InFlightEdits::size)
                .description("Edits this worker runs right now").strongReference(true));
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    /** One OpenAI call ended: {@code outcome} success, error, timeout or aborted. */
    void upstreamCall(String outcome, long durationMs) {
        Timer.builder(Metric.UPSTREAM_REQUEST_DURATION.meterName())
                .description("Upstream calls by upstream and outcome")
                .tag("upstream", OPENAI).tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(Duration.ofMillis(durationMs));
    }

    /** Tokens OpenAI billed for one call of {@code model}. */
    void tokens(String model, TokenUsage usage) {
        if (usage == null) {
            return;
        }
        tokenCounter(model, "input").increment(usage.inputTokens());
        tokenCounter(model, "output").increment(usage.outputTokens());
    }

    /** A failed attempt was scheduled again. */
    public void retryScheduled(ErrorCode code) {
        Counter.builder(Metric.UPSTREAM_RETRIES.meterName()).tag("code", code.name()).register(registry).increment();
    }

    /**
     * Counts a terminal lifecycle event (succeeded, failed, canceled) once the transaction writing it commits;
     * other events are no ending.
     */
    public void lifecycleEvent(Object event) {
        switch (event) {
            case ImageEditSucceeded s -> finished(s.job().model(), "succeeded", "none");
            case ImageEditFailed f -> finished(f.job().model(), "failed", f.errorCode());
            case ImageEditCanceled c -> finished(c.job().model(), "canceled", c.errorCode());
            default -> {
            }
        }
    }

    private void finished(String model, String outcome, String code) {
        Runnable count = () -> Counter.builder(Metric.JOBS_FINISHED.meterName())
                .tag("model", model).tag("outcome", outcome).tag("code", code == null ? "none" : code)
                .register(registry).increment();
        AfterCommit.run(transactions, count);
    }

    private Counter tokenCounter(String model, String kind) {
        return Counter.builder(Metric.TOKENS.meterName()).description("Tokens OpenAI billed")
                .tag("model", model).tag("kind", kind).register(registry);
    }
}
