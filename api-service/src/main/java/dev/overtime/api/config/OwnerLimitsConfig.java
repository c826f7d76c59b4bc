package dev.overtime.api.config;

import dev.overtime.api.owners.Priority;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The owner limits every owner has unless {@code PUT /admin/owners/{owner}/limits} set its own, under
 * {@code overtime.limits.*} ({@code OVERTIME_LIMITS_MAX_QUEUED_JOBS}, ...). worker-service reads
 * {@code max-concurrent-edits} from the same key, so set it once for both. docs/SECURITY.md lists the answers at each.
 */
@ConfigMapping(prefix = "overtime.limits")
public interface OwnerLimitsConfig {

    /** Edits an owner may run at once across all workers (enforced by the worker's claim). */
    @WithDefault("512")
    int maxConcurrentEdits();

    /** Edits an owner may have waiting; one more is refused {@code 429 QUEUE_FULL}. */
    @WithDefault("10000")
    int maxQueuedJobs();

    /** Requests an owner may send a minute, all its keys together, per replica; past it {@code 429 RATE_LIMITED}. */
    @WithDefault("6000")
    int requestsPerMinute();

    /** US dollars an owner may spend a month; past it a submit is refused {@code 402 BUDGET_EXCEEDED}. Absent: none. */
    Optional<BigDecimal> monthlyBudgetUsd();

    /** The highest {@code priority} an owner may submit with; above it {@code 403 PRIORITY_NOT_ALLOWED}. */
    @WithDefault("normal")
    Priority maxPriority();

    /**
     * How long a replica uses an owner's limits before reading them again: an admin PUT takes effect at once on the
     * replica that served it and within this time on the others.
     */
    @WithDefault("5s")
    Duration cacheTtl();
}
