package dev.overtime.worker.edit.service;

import dev.overtime.common.db.DatabaseOutage;

import jakarta.persistence.PersistenceException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes retried through a database outage, and only through one. */
class DatabaseRetryTest {

    // The shared rule (common's DatabaseOutageTest) names Hibernate's type rather than importing it: keep them in step.
    @Test
    void hibernatesConnectionFailureIsAnOutage() {
        assertTrue(DatabaseOutage.isCause(new JDBCConnectionException("gone", new SQLException("gone"))));
    }

    @Test
    void retriesAWriteThroughAnOutageUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String stored = DatabaseRetry.retrying(() -> {
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

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> DatabaseRetry.retrying(() -> {
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
