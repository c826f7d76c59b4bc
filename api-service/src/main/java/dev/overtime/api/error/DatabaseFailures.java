package dev.overtime.api.error;

import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells "the database is unreachable, restarting or out of connections" apart from a bug in a
 * query, wherever in the cause chain it shows up (a commit that fails arrives wrapped in
 * transaction exceptions).
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
        }
        return false;
    }

    // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or starting up.
    // Agroal reports pool exhaustion as a plain SQLException saying "acquisition timeout".
    private static boolean isUnavailable(SQLException sql) {
        String state = sql.getSQLState();
        String message = sql.getMessage();
        return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                || (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout"));
    }
}
