package dev.overtime.worker.edit.service;

import dev.overtime.common.Metric;
import dev.overtime.common.metrics.OwnedGauges;
import dev.overtime.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;

import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Admission by bytes: the worker takes a new edit only while the image bytes of the edits it holds (inputs it sends
 * plus the outputs it expects back, see {@link EditCosts}) fit {@code overtime.worker.memory-budget}. An edit that
 * doesn't fit waits here, before its claim, so it stays durably queued in PostgreSQL; it is never claimed and
 * dropped. The wait is bounded ({@link #MAX_WAIT}): a Kafka record held unacknowledged for long marks the whole
 * channel unhealthy (and a backlog behind a full budget would), so an edit that found no room is left queued and
 * announced again by the sweeper. One edit larger than the whole budget runs alone.
 */
@ApplicationScoped
public class MemoryBudget {


    /** How long an edit waits for room before it is left queued for a later announcement. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final long capacity;
    private final OwnedGauges gauges;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private long used;

    public MemoryBudget(WorkerConfig config, MeterRegistry metrics) {
        this.capacity = config.memoryBudget().map(size -> size.asLongValue()).orElseGet(MemoryBudget::derived);
        this.gauges = new OwnedGauges(metrics);
        gauges.register(Gauge.builder(Metric.WORKER_MEMORY_BUDGET_USED.meterName(), this, MemoryBudget::used)
                .description("Image bytes (inputs plus expected outputs) of the edits this worker holds")
                .baseUnit(Metric.WORKER_MEMORY_BUDGET_USED.baseUnit()));
        gauges.register(Gauge.builder(Metric.WORKER_MEMORY_BUDGET.meterName(), this, MemoryBudget::capacity)
                .description("overtime.worker.memory-budget").baseUnit(Metric.WORKER_MEMORY_BUDGET.baseUnit()));
    }

    void unregister(@Observes ShutdownEvent event) {
        gauges.removeAll();
    }

    /**
     * Eight times the max heap. Images stream through: an edit in flight keeps a few hundred KB of buffers in the
     * heap whatever its size, while its bytes sit in socket buffers and spool files; the bound that matters is the
     * disk and sockets those bytes occupy. Measured in bench/throughput.sh and bench/realsize.sh (docs/BENCHMARKS.md):
     * at four times, ~325 photo edits at once peaked at 126 MiB of a 512 MiB heap, but a 500-edit burst of the 3 KB
     * sample (each counted at the 6.3 MB a size=auto PNG may come back as) ran in two waves, the second only after
     * the sweeper's re-announcement, doubling its makespan; eight times admits the whole burst.
     */
    static long derived() {
        return 8 * Runtime.getRuntime().maxMemory();
    }

    /** A share of the budget, given back on close. */
    public final class Reservation implements AutoCloseable {
        private long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            lock.lock();
            try {
                return bytes;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Holds {@code wanted} bytes instead, without waiting: shrinking always succeeds, growing only if the
         * difference fits now. The fair claim reserves before it knows which edit it will get and sizes the
         * reservation to that edit here; false means nothing changed.
         */
        public boolean resizeTo(long wanted) {
            long share = Math.min(Math.max(wanted, 0), capacity);
            lock.lock();
            try {
                if (released) {
                    return false;
                }
                long delta = share - bytes;
                // A lone edit may take the whole budget, as reserve() lets it.
                if (delta > 0 && used + delta > capacity) {
                    return false;
                }
                used += delta;
                bytes = share;
                if (delta < 0) {
                    roomFreed.signalAll();
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    used -= bytes;
                    roomFreed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until {@code bytes} fit, then holds them; empty if no room came within {@link #MAX_WAIT}, if
     * {@code giveUp} said so while waiting (the worker is draining), or if the thread was interrupted.
     */
    public Optional<Reservation> reserve(long bytes, BooleanSupplier giveUp) {
        return reserve(bytes, giveUp, MAX_WAIT);
    }

    Optional<Reservation> reserve(long bytes, BooleanSupplier giveUp, Duration maxWait) {
        long share = Math.min(Math.max(bytes, 0), capacity);
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            while (used + share > capacity) {
                long left = deadline - System.nanoTime();
                if (giveUp.getAsBoolean() || left <= 0) {
                    return Optional.empty();
                }
                roomFreed.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            }
            used += share;
            return Optional.of(new Reservation(share));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    public long capacity() {
        return capacity;
    }
}
