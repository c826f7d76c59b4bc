package dev.overtime.worker.edit.service;

import dev.overtime.common.Metric;
import dev.overtime.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Admission by bytes: the worker takes a new edit only while the image bytes of the edits it holds (inputs it sends
 * plus the outputs it expects back, see {@link EditCosts}) fit {@code overtime.worker.memory-budget}. An edit that
 * doesn't fit waits here, before its claim, so it stays durably queued in PostgreSQL; it is never claimed and
 * dropped. One edit larger than the whole budget runs alone.
 */
@ApplicationScoped
public class MemoryBudget {


    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private long used;

    public MemoryBudget(WorkerConfig config, MeterRegistry metrics) {
        this.capacity = config.memoryBudget().map(size -> size.asLongValue()).orElseGet(MemoryBudget::derived);
        Gauge.builder(Metric.WORKER_MEMORY_BUDGET_USED.meterName(), this, MemoryBudget::used)
                .description("Image bytes (inputs plus expected outputs) of the edits this worker holds")
                .baseUnit(Metric.WORKER_MEMORY_BUDGET_USED.baseUnit()).register(metrics);
        Gauge.builder(Metric.WORKER_MEMORY_BUDGET.meterName(), this, MemoryBudget::capacity)
                .description("overtime.worker.memory-budget").baseUnit(Metric.WORKER_MEMORY_BUDGET.baseUnit())
                .register(metrics);
    }

    /**
     * Four times the max heap. Images stream through: an edit in flight keeps a few hundred KB of buffers in the
     * heap whatever its size, while its bytes sit in socket buffers and spool files. Measured in bench/realsize.sh
     * (docs/BENCHMARKS.md), a full budget of 2.7 MB photo edits keeps the heap far below its max; the bound that
     * matters is the disk and sockets those bytes occupy.
     */
    static long derived() {
        return 4 * Runtime.getRuntime().maxMemory();
    }

    /** A share of the budget, given back on close. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
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
     * Waits until {@code bytes} fit, then holds them; empty if {@code giveUp} said so while waiting (the worker is
     * draining) or the thread was interrupted.
     */
    public Optional<Reservation> reserve(long bytes, BooleanSupplier giveUp) {
        long share = Math.min(Math.max(bytes, 0), capacity);
        lock.lock();
        try {
            while (used + share > capacity) {
                if (giveUp.getAsBoolean()) {
                    return Optional.empty();
                }
                roomFreed.await(1, TimeUnit.SECONDS);
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
