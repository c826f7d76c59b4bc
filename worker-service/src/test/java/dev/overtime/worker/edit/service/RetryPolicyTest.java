package dev.overtime.worker.edit.service;

import dev.overtime.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static WorkerConfig.Retry retry(int maxAttempts) {
        return new WorkerConfig.Retry() {
            public int maxAttempts() { return maxAttempts; }
            public Duration initialBackoff() { return Duration.ofSeconds(2); }
            public Duration maxBackoff() { return Duration.ofSeconds(60); }
            public double multiplier() { return 2.0; }
        };
    }

    @Test
    void backoffGrowsExponentiallyUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(retry(10), () -> 1.0);
        assertEquals(Duration.ofSeconds(2), policy.backoff(1));
        assertEquals(Duration.ofSeconds(4), policy.backoff(2));
        assertEquals(Duration.ofSeconds(32), policy.backoff(5));
        assertEquals(Duration.ofSeconds(60), policy.backoff(9));
    }

    @Test
    void jitterKeepsAtLeastHalfTheBackoff() {
        assertEquals(Optional.of(NOW.plusSeconds(2)), new RetryPolicy(retry(5), () -> 0.0).nextAttemptAt(2, null, null, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(4)), new RetryPolicy(retry(5), () -> 1.0).nextAttemptAt(2, null, null, NOW));
    }

    @Test
    void neverSoonerThanTheUpstreamAsked() {
        Optional<Instant> due = new RetryPolicy(retry(5), () -> 0.5).nextAttemptAt(1, Duration.ofSeconds(9), null, NOW);
        assertEquals(Optional.of(NOW.plusSeconds(9)), due);
    }

    @Test
    void stopsWhenAttemptsAreUsedUpOrTheDeadlineWouldPass() {
        RetryPolicy policy = new RetryPolicy(retry(3), () -> 0.5);
        assertTrue(policy.nextAttemptAt(3, null, null, NOW).isEmpty());
        assertTrue(policy.nextAttemptAt(1, Duration.ofSeconds(30), NOW.plusSeconds(10), NOW).isEmpty());
        assertTrue(policy.nextAttemptAt(1, null, NOW.plusSeconds(10), NOW).isPresent());
    }
}
