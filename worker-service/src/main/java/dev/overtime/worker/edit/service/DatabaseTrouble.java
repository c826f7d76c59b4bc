package dev.overtime.worker.edit.service;

import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;

/**
 * Tells a passing database problem (unreachable, restarting, out of pooled connections) from a
 * real failure of the edit. A job hit by the former must not be failed: its lease runs out and
 * another round takes it over.
 */
final class DatabaseTrouble {

    private DatabaseTrouble() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = sql.getMessage();
                if ((state != null && (state.startsWith("08") || state.startsWith("57P")))
                        || (message != null && message.contains("acquisition timeout"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
