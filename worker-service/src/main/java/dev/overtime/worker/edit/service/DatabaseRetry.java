package dev.overtime.worker.edit.service;

import dev.overtime.common.db.DatabaseOutage;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps retrying a write through a short database outage. A job hit by an outage must not be failed: its outcome
 * is retried, or its lease runs out and another round takes it over.
 */
final class DatabaseRetry {

    private DatabaseRetry() {
    }

    /**
     * Runs {@code write} until it succeeds, retrying only while the database is unreachable, for up to
     * {@code patience}; an upstream result paid for must not be dropped because PostgreSQL restarted.
     */
    static <T> T retrying(Supplier<T> write, Duration patience) {
        long until = System.nanoTime() + patience.toNanos();
        long pauseMs = 100;
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (!DatabaseOutage.isCause(e) || System.nanoTime() > until) {
                    throw e;
                }
                Log.warnf("database unavailable, retrying in %d ms: %s", pauseMs, e.toString());
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, 2000);
            }
        }
    }
}
