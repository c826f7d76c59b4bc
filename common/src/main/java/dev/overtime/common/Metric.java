package dev.overtime.common;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every metric of Overtime's own, in one list: the services register their meters by these names, each service's
 * tests scrape {@code /q/metrics} for the names it exports, and deploy-checks refuses a Grafana panel or a
 * Prometheus alert that uses a name not listed here. docs/OPERATIONS.md says what each means and what to do when
 * it looks bad.
 */
public enum Metric {

    /** Jobs accepted (202), by {@code model}. */
    JOBS_ACCEPTED("overtime.jobs.accepted", Kind.COUNTER, null, Exporter.API),
    /**
     * Jobs that reached a terminal state, by {@code model}, {@code outcome} (succeeded, failed, canceled) and
     * {@code code} (the error code; {@code none} for succeeded). Counted where the state changed: the worker for
     * succeeded, failed and deadline cancels, the API for a caller's cancel.
     */
    JOBS_FINISHED("overtime.jobs.finished", Kind.COUNTER, null, Exporter.API, Exporter.WORKER),
    /** Queued jobs, fleet-wide, from a scheduled sample. */
    JOBS_QUEUED("overtime.jobs.queued", Kind.GAUGE, null, Exporter.API),
    /** Age of the oldest queued job, fleet-wide, from the same sample; 0 with an empty queue. */
    JOBS_OLDEST_QUEUED_AGE("overtime.jobs.oldest.queued.age", Kind.GAUGE, "seconds", Exporter.API),
    /** Edits this worker runs right now. */
    WORKER_EDITS_IN_FLIGHT("overtime.worker.edits.in.flight", Kind.GAUGE, null, Exporter.WORKER),
    /** Bytes of this worker's memory budget in use; registered by the worker's MemoryBudget. */
    WORKER_MEMORY_BUDGET_USED("overtime.worker.memory.budget.used", Kind.GAUGE, "bytes", Exporter.WORKER),
    /** The worker's memory budget ({@code overtime.worker.memory-budget}); registered by the worker's MemoryBudget. */
    WORKER_MEMORY_BUDGET("overtime.worker.memory.budget", Kind.GAUGE, "bytes", Exporter.WORKER),
    /**
     * Upstream calls by {@code upstream} (openai, moderation, accounts, presets) and {@code outcome} (success,
     * error, timeout, aborted), as a histogram.
     */
    UPSTREAM_REQUEST_DURATION("overtime.upstream.request.duration", Kind.TIMER, "seconds", Exporter.API, Exporter.WORKER),
    /** OpenAI attempts that failed and were scheduled again, by the error {@code code} they failed with. */
    UPSTREAM_RETRIES("overtime.upstream.retries", Kind.COUNTER, null, Exporter.WORKER),
    /** Each guarded upstream's circuit breaker by {@code upstream}: 0 closed, 1 half-open, 2 open. */
    CIRCUIT_STATE("overtime.circuit.state", Kind.GAUGE, null, Exporter.API),
    /** Age of the oldest outbox row this relay ({@code service}) saw unpublished; 0 when it is caught up. */
    OUTBOX_LAG("overtime.outbox.lag", Kind.GAUGE, "seconds", Exporter.API, Exporter.WORKER),
    /** Records in image-edit.requests.dlq not re-driven yet, from the scheduled sample. */
    DEAD_LETTERS("overtime.dead.letters", Kind.GAUGE, null, Exporter.API),
    /** Webhook delivery attempts by {@code outcome} (delivered, retry, gone). */
    WEBHOOK_DELIVERIES("overtime.webhook.deliveries", Kind.COUNTER, null, Exporter.API),
    /** How long each webhook delivery attempt took, by {@code outcome}, as a histogram. */
    WEBHOOK_DELIVERY_DURATION("overtime.webhook.delivery.duration", Kind.TIMER, "seconds", Exporter.API),
    /** Open push connections by {@code kind}: sse, websocket, wait ({@code Prefer: wait} holders). */
    PUSH_CONNECTIONS("overtime.push.connections", Kind.GAUGE, null, Exporter.API),
    /** Tokens OpenAI billed, by {@code model} and {@code kind} (input, output). */
    TOKENS("overtime.tokens", Kind.COUNTER, null, Exporter.WORKER);

    /** Names still to be registered by code not merged yet; their tests skip them. */
    public static final Set<Metric> AWAITED = EnumSet.noneOf(Metric.class);

    /** The service that exports a metric. */
    public enum Exporter {
        API, WORKER
    }

    /** The Micrometer meter type, which decides the suffixes Prometheus adds. */
    public enum Kind {
        COUNTER, GAUGE, TIMER
    }

    private final String meterName;
    private final Kind kind;
    private final String baseUnit;
    private final Set<Exporter> exporters;

    Metric(String meterName, Kind kind, String baseUnit, Exporter first, Exporter... more) {
        this.meterName = meterName;
        this.kind = kind;
        this.baseUnit = baseUnit;
        this.exporters = EnumSet.of(first, more);
    }

    /** The name to register with Micrometer ({@code overtime.jobs.accepted}). */
    public String meterName() {
        return meterName;
    }

    /** The Micrometer base unit ({@code seconds}, {@code bytes}), or null. */
    public String baseUnit() {
        return baseUnit;
    }

    public Kind kind() {
        return kind;
    }

    public Set<Exporter> exporters() {
        return exporters;
    }

    /** The name Prometheus scrapes: {@code overtime_jobs_accepted_total}, {@code overtime_outbox_lag_seconds}. */
    public String prometheusName() {
        String name = meterName.replace('.', '_') + (baseUnit == null ? "" : "_" + baseUnit);
        return kind == Kind.COUNTER ? name + "_total" : name;
    }

    /** Every series name a scrape can show for it (a timer's {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}). */
    public List<String> seriesNames() {
        String name = prometheusName();
        return kind == Kind.TIMER
                ? List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max")
                : List.of(name);
    }

    /** The metrics {@code exporter} exports, the awaited ones left out. */
    public static List<Metric> exportedBy(Exporter exporter) {
        return Arrays.stream(values()).filter(m -> m.exporters.contains(exporter) && !AWAITED.contains(m)).toList();
    }

    @Override
    public String toString() {
        return prometheusName().toLowerCase(Locale.ROOT);
    }
}
