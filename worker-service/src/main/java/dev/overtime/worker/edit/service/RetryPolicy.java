package dev.overtime.worker.edit.service;

import dev.overtime.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a retryable failure is tried again: exponential backoff with jitter, never sooner than the upstream asked
 * for, and not at all once the attempts are used up or the due time would fall after the job's deadline.
 */
@ApplicationScoped
public class RetryPolicy {

    private final WorkerConfig.Retry config;
    private final DoubleSupplier random;

    @Inject
    public RetryPolicy(WorkerConfig config) {
        this(config.retry(), () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(WorkerConfig.Retry config, DoubleSupplier random) {
        this.config = config;
        this.random = random;
    }

    /** The due time of the next attempt after {@code attemptsSoFar} calls, or empty when the job must fail now. */
    public Optional<Instant> nextAttemptAt(int attemptsSoFar, Duration upstreamHint, Instant deadline, Instant now) {
        if (attemptsSoFar >= config.maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = jittered(backoff(attemptsSoFar));
        if (upstreamHint != null && upstreamHint.compareTo(delay) > 0) {
            delay = upstreamHint;
        }
        Instant due = now.plus(delay);
        return deadline != null && due.isAfter(deadline) ? Optional.empty() : Optional.of(due);
    }

    /** initial × multiplier^(attempts-1), capped at the maximum. */
    Duration backoff(int attemptsSoFar) {
        double millis = config.initialBackoff().toMillis() * Math.pow(config.multiplier(), Math.max(0, attemptsSoFar - 1));
        return Duration.ofMillis((long) Math.min(millis, config.maxBackoff().toMillis()));
    }

    // "Equal jitter": half the backoff is kept, half is random, so retries spread out but never collapse to zero.
    private Duration jittered(Duration backoff) {
        long half = backoff.toMillis() / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (backoff.toMillis() - half)));
    }
}
