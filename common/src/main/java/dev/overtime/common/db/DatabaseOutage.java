package dev.overtime.common.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Tells "the database is away" (unreachable, restarting, out of resources or pooled connections) from a bug in a
 * query. The API answers the first with a 503 envelope and the worker retries through it; a bug stays a bug.
 *
 * <p>The evidence can sit anywhere among the causes and the suppressed exceptions: a failed query arrives
 * wrapped in persistence exceptions, and a commit that fails because PostgreSQL went away arrives as the
 * transaction manager's {@code RollbackException}, which carries the driver's exception as suppressed, not as cause.
 */
public final class DatabaseOutage {

    // Hibernate's verdict that a connection failed, whatever its SQLException says; named rather than imported
    // so that this module stays free of Hibernate.
    private static final String HIBERNATE_CONNECTION_FAILURE = "org.hibernate.exception.JDBCConnectionException";

    private DatabaseOutage() {
    }

    /** True when {@code failure}, or anything among its causes and suppressed exceptions, says the database is away. */
    public static boolean isCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.push(failure);
        }
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLException sql && isOutage(sql)
                    || HIBERNATE_CONNECTION_FAILURE.equals(t.getClass().getName())) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
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
}
