package dev.overtime.worker.edit.service;

import jakarta.persistence.PersistenceException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseOutageTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57P03", "53300", "53100"})
    void connectionShutdownAndResourceStatesAreAnOutage(String sqlState) {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLException("server says no", sqlState))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acquisition timeout while waiting for new connection", "acquisition timeout"})
    void exhaustedPoolIsAnOutageWhateverTheCase(String message) {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLException(message))));
    }

    @Test
    void connectionExceptionTypesAreAnOutage() {
        assertTrue(DatabaseOutage.isCause(wrapped(new SQLTransientConnectionException("gone"))));
        assertTrue(DatabaseOutage.isCause(new JDBCConnectionException("gone", new SQLException("gone"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "22001"})
    void constraintAndQueryErrorsAreBugsNotAnOutage(String sqlState) {
        assertFalse(DatabaseOutage.isCause(wrapped(new SQLException("bad query", sqlState))));
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("no database involved")));
    }

    @Test
    void retriesAWriteThroughAnOutageUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String stored = DatabaseOutage.retrying(() -> {
            if (calls.incrementAndGet() < 3) {
                throw wrapped(new SQLException("connection refused", "08001"));
            }
            return "stored";
        }, Duration.ofSeconds(10));

        assertEquals("stored", stored);
        assertEquals(3, calls.get());
    }

    @Test
    void doesNotRetryABug() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException bug = wrapped(new SQLException("duplicate key", "23505"));

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> DatabaseOutage.retrying(() -> {
            calls.incrementAndGet();
            throw bug;
        }, Duration.ofSeconds(10)));

        assertSame(bug, thrown);
        assertEquals(1, calls.get());
    }

    // A failed commit or query reaches the caller wrapped in persistence exceptions.
    private static RuntimeException wrapped(SQLException cause) {
        return new PersistenceException("could not execute statement", cause);
    }
}
