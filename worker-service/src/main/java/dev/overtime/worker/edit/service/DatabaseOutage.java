package dev.overtime.worker.edit.service;

import io.quarkus.logging.Log;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;

/** Tells "the database is away" from a bug, and keeps retrying a write through a short outage. */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t.getClass().getSimpleName().equals("JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"))) {
                    return true;
                }
                if (sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
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
