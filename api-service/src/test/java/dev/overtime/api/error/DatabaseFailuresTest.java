package dev.overtime.api.error;

import jakarta.transaction.RollbackException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseFailuresTest {

    @Test
    void serverShuttingDownIsUnavailableEvenWhenWrappedInACommitFailure() {
        var shutdown = new GenericJDBCException("commit", new SQLException("terminating connection", "57P01"));
        var rollback = new RollbackException("could not commit");
        rollback.initCause(shutdown);
        assertTrue(DatabaseFailures.isUnavailable(new IllegalStateException("tx", rollback)));
    }

    @Test
    void refusedConnectionAndPoolExhaustionAreUnavailable() {
        assertTrue(DatabaseFailures.isUnavailable(new SQLException("Connection refused", "08001")));
        assertTrue(DatabaseFailures.isUnavailable(
                new GenericJDBCException("acquire", new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void aBrokenQueryIsNotAnOutage() {
        assertFalse(DatabaseFailures.isUnavailable(
                new GenericJDBCException("select", new SQLException("syntax error", "42601"))));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("no cause")));
    }
}
