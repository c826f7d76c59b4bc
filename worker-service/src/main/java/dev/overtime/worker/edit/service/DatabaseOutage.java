package dev.overtime.worker.edit.service;

import io.quarkus.logging.Log;
import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Tells "the database is away" (unreachable, restarting, out of resources or pooled connections) from a bug, and
 * keeps retrying a write through a short outage. A job hit by an outage must not be failed: its outcome is retried,
 * or its lease runs out and another round takes it over.
 */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when {@code failure}, or anything in its cause chain, says the database is away rather than wrong. */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isOutage(sql)) {
                return true;
            }
        }
        return false;
    }

    // SQLSTATE 08: connection exceptions; 57P: the server is shutting down, crashed or starting up; 53: out of
    // resources (too many connections, disk full, out of memory). Agroal reports an exhausted pool as a plain
    // SQLException whose message says "Acquisition timeout".
    private static boolean isOutage(SQLException sql) {
        String state = sql.getSQLState();
        String message = sql.getMessage();
        return (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")))
                || (message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout"));
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
                if (!isCause(e) || System.nanoTime() > until) {
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
