package dev.overtime.api.metrics;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs a count once the current transaction committed: a rolled-back change never shows in a metric. */
final class AfterCommit {

    private AfterCommit() {
    }

    static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            action.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
