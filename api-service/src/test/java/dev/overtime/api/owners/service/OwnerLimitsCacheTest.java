package dev.overtime.api.owners.service;

import dev.overtime.api.config.OwnerLimitsConfig;
import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.Priority;
import dev.overtime.api.owners.persistence.OwnerLimitRows;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The owner limits the hot paths read: from memory, never older than the TTL, refreshed ahead of it in the background. */
class OwnerLimitsCacheTest {

    private static final long SECOND = 1_000_000_000L;

    /** The table, as far as the cache sees it: one owner's row, and how often it was read. */
    static final class Table extends OwnerLimitRows {
        final AtomicReference<Integer> maxQueued = new AtomicReference<>(7);
        final AtomicInteger reads = new AtomicInteger();

        Table() {
            super(null);
        }

        @Override
        public Optional<Row> find(String owner) {
            reads.incrementAndGet();
            return Optional.of(new Row(owner, null, maxQueued.get(), null, null, "high", Instant.EPOCH, Instant.EPOCH));
        }
    }

    private final Table table = new Table();
    private final AtomicLong now = new AtomicLong();
    private final OwnerLimitsCache cache = new OwnerLimitsCache(table, defaults(), now::get);

    @Test
    void aRowFillsInTheDefaultsItLeavesNull() {
        OwnerLimits limits = cache.of("acme");
        assertEquals(new OwnerLimits(512, 7, 6000, null, Priority.HIGH), limits);
    }

    @Test
    void withinHalfTheTtlNothingIsReadAgain() {
        cache.of("acme");
        now.set(2 * SECOND);
        assertEquals(7, cache.cached("acme").orElseThrow().maxQueuedJobs());
        assertEquals(1, table.reads.get());
    }

    @Test
    void pastHalfTheTtlTheOldLimitsAnswerWhileTheyAreReadAgainInTheBackground() {
        cache.of("acme");
        table.maxQueued.set(9);
        now.set(3 * SECOND);

        assertEquals(7, cache.cached("acme").orElseThrow().maxQueuedJobs(), "answered at once, from memory");
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.cached("acme").orElseThrow().maxQueuedJobs() == 9);
        assertTrue(table.reads.get() >= 2);
    }

    @Test
    void pastTheTtlNothingIsAnsweredFromMemory() {
        cache.of("acme");
        now.set(5 * SECOND);
        assertTrue(cache.cached("acme").isEmpty());
        table.maxQueued.set(11);
        assertEquals(11, cache.of("acme").maxQueuedJobs());
    }

    @Test
    void aChangeOnThisReplicaTakesEffectAtOnce() {
        cache.of("acme");
        cache.put("acme", new OwnerLimitRows.Row("acme", 3, null, null, new BigDecimal("1.00"), null, Instant.EPOCH,
                Instant.EPOCH));
        OwnerLimits limits = cache.cached("acme").orElseThrow();
        assertEquals(3, limits.maxConcurrentEdits());
        assertEquals(10000, limits.maxQueuedJobs());
        assertEquals(Priority.NORMAL, limits.maxPriority());
    }

    private static OwnerLimitsConfig defaults() {
        return new OwnerLimitsConfig() {
            public int maxConcurrentEdits() {
                return 512;
            }

            public int maxQueuedJobs() {
                return 10000;
            }

            public int requestsPerMinute() {
                return 6000;
            }

            public Optional<BigDecimal> monthlyBudgetUsd() {
                return Optional.empty();
            }

            public Priority maxPriority() {
                return Priority.NORMAL;
            }

            public Duration cacheTtl() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
