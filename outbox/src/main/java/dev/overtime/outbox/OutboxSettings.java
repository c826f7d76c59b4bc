package dev.overtime.outbox;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the relay paces itself, with the production defaults. Each service maps it under its own prefix
 * ({@code overtime.api.outbox.*}, {@code overtime.worker.outbox.*}) and produces it as a bean.
 */
public interface OutboxSettings {

    /** How often the relay looks for unpublished rows when no commit woke it (after a crash, while Kafka was away). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Rows published per round; a full batch starts the next round at once. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for Kafka to acknowledge one batch. */
    @WithDefault("10s")
    Duration sendTimeout();
}
