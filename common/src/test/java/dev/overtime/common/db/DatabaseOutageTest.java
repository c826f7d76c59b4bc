package dev.overtime.common.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseOutageTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "08003", "57P01", "57P03", "53300", "53100"})
    void connectionShutdownAndResourceStatesAreAnOutage(String sqlState) {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLException("server says no", sqlState))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acquisition timeout while waiting for new connection", "acquisition timeout"})
    void exhaustedPoolIsAnOutageWhateverTheCase(String message) {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLException(message))));
    }

    @Test
    void transientConnectionExceptionIsAnOutage() {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLTransientConnectionException("gone"))));
    }

    // Narayana's RollbackException for a commit that failed carries the driver's exception as suppressed,
    // which is how a PostgreSQL restart during a commit reached clients as a 500 before.
    @Test
    void anOutageSuppressedByAFailedCommitIsAnOutage() {
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to commit local transaction");
        xa.initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        rollback.addSuppressed(xa);

        assertTrue(DatabaseOutage.isCause(new RuntimeException("commit failed", rollback)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "22001"})
    void constraintAndQueryErrorsAreBugsNotAnOutage(String sqlState) {
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new SQLException("bad query", sqlState));

        assertFalse(DatabaseOutage.isCause(wrapped(new SQLException("bad query", sqlState))));
        assertFalse(DatabaseOutage.isCause(rollback));
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("no database involved")));
        assertFalse(DatabaseOutage.isCause(null));
    }

    @Test
    void aCycleAmongSuppressedExceptionsEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.addSuppressed(b);

        assertFalse(DatabaseOutage.isCause(b));
    }

    // A failed query reaches the caller wrapped in persistence exceptions.
    private static RuntimeException wrapped(SQLException cause) {
        return new RuntimeException("could not execute statement", cause);
    }
}
