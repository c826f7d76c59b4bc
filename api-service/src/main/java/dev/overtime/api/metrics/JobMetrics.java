package dev.overtime.api.metrics;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.Metric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.outbox.AfterCommit;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Counts the jobs this replica accepted, and those its callers canceled (the worker counts the other endings). */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final TransactionSynchronizationRegistry transactions;
    private final ApiConfig config;

    public JobMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions, ApiConfig config) {
        this.registry = registry;
        this.transactions = transactions;
        this.config = config;
    }

    // Every configured model's counter exists from the start at 0, so its rate is defined before its first job.
    void register(@Observes StartupEvent event) {
        config.models().keySet().forEach(this::acceptedCounter);
    }

    /** A job was accepted (its transaction committed). */
    public void accepted(String model) {
        acceptedCounter(model).increment();
    }

    private Counter acceptedCounter(String model) {
        return Counter.builder(Metric.JOBS_ACCEPTED.meterName()).description("Jobs accepted, by model")
                .tag("model", model).register(registry);
    }

    /** A caller canceled a queued or running job; counted once the cancel commits. */
    public void canceledByCaller(String model) {
        AfterCommit.run(transactions, () -> Counter.builder(Metric.JOBS_FINISHED.meterName())
                .tag("model", model).tag("outcome", "canceled").tag("code", ErrorCode.CANCELED.name())
                .register(registry).increment());
    }
}
