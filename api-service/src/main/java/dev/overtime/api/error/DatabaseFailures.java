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
        return e.getSQLException() instanceof SQLTransientConnectionException
                || (message != null && message.contains("Acquisition timeout"))
                || "08".equals(sqlStateClass(e));
    }

    private static String sqlStateClass(JDBCException e) {
        String state = e.getSQLState();
        return state == null || state.length() < 2 ? null : state.substring(0, 2);
    }
}
