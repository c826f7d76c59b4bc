package dev.overtime.worker.config;

import dev.overtime.outbox.OutboxSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The worker's own settings, one mapping with a group per concern ({@code openai}, {@code retry}, {@code outbox}).
 * Production defaults live here and nowhere else ({@code application.properties} holds only what differs); every
 * key is settable by environment variable ({@code OVERTIME_WORKER_LEASE}, {@code OVERTIME_WORKER_RETRY_MAX_ATTEMPTS}).
 */
@ConfigMapping(prefix = "overtime.worker")
public interface WorkerConfig {

    /**
     * How many edits one worker runs at once. Bounds the virtual-thread concurrency of the consumer and sizes
     * the upstream connection pool, so neither queues work behind the other.
     */
    @WithDefault("512")
    int maxInFlight();

    /**
     * The image bytes (inputs plus expected outputs) of the edits this worker holds at once; a new edit waits,
     * unclaimed and durably queued, until it fits. Absent: eight times the max heap (see MemoryBudget for why).
     * Accepts sizes such as {@code 2G} or {@code 512M}.
     */
    @WithConverter(MemorySizeConverter.class)
    Optional<MemorySize> memoryBudget();

    OpenAi openai();

    /** This worker's name in lease_owner and the attempt ledger; defaults to host name, pid and a random suffix. */
    Optional<String> instanceId();

    /**
     * How long a running job stays this worker's without a heartbeat. A worker that dies loses its jobs to another
     * worker this long after its last heartbeat.
     */
    @WithDefault("30s")
    Duration lease();

    /** How often leases are renewed, expired leases reaped, due retries and stale queued jobs re-announced. */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * A queued job not claimed this long after its request record was written is announced again (its record was
     * lost, or the worker that got it could not reach the database); a duplicate record is a no-op.
     */
    @WithDefault("60s")
    Duration requeueStaleAfter();

    /** On SIGTERM, how long in-flight edits may run on before they are handed back to the queue. */
    @WithDefault("60s")
    Duration shutdownGrace();

    /** How long the worker keeps trying to store an upstream outcome while the database is away. */
    @WithDefault("60s")
    Duration storeRetryFor();

    Retry retry();

    /** The shared outbox relay's pacing, under {@code overtime.worker.outbox.*} (defaults in {@link OutboxSettings}). */
    OutboxSettings outbox();

    interface Retry {

        /** Upstream calls per job, the first included; 1 disables retries. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        @WithDefault("2.0")
        double multiplier();
    }

    interface OpenAi {

        /**
         * Base URL of the OpenAI API, without the trailing path of the endpoint. Also read from the conventional
         * {@code OPENAI_BASE_URL} that OpenAI's own SDKs use (and the simulator is pointed at).
         */
        @WithDefault("${OPENAI_BASE_URL:https://api.openai.com/v1}")
        String baseUrl();

        /**
         * Bearer key, also read from the conventional {@code OPENAI_API_KEY}; empty means the upstream will answer
         * 401 and the job fails as UPSTREAM_AUTH_FAILED.
         */
        @WithDefault("${OPENAI_API_KEY:}")
        Optional<String> apiKey();

        /** How long one edit may take; OpenAI answers in 40 to 120 s, so this sits well above that. */
        @WithDefault("180s")
        Duration timeout();

        @WithDefault("10s")
        Duration connectTimeout();
    }
}
