package dev.overtime.api.error;

import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLTransientConnectionException;

/** Tells "the database is unreachable or out of connections" apart from a bug in a query. */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static boolean isUnavailable(JDBCException e) {
        if (e instanceof JDBCConnectionException) {
            return true;
        }
        // Agroal reports pool exhaustion as a plain SQLException with this wording.
        String message = e.getSQLException() == null ? null : e.getSQLException().getMessage();
        // 08: connection exceptions; 57P01-57P03: the server is shutting down, crashed or starting up.
        String state = e.getSQLState();
        return e.getSQLException() instanceof SQLTransientConnectionException
                || (message != null && message.contains("Acquisition timeout"))
                || "08".equals(sqlStateClass(e))
                || (state != null && state.startsWith("57P"));
    }

    private static String sqlStateClass(JDBCException e) {
        String state = e.getSQLState();
        return state == null || state.length() < 2 ? null : state.substring(0, 2);
    }
}
