package dev.overtime.api.accounts.service;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one credit-reserving submit per owner at a time into its transaction on this replica. The owner's submits
 * take turns anyway ({@link CreditReservations}' advisory lock orders them across replicas); waiting here, before
 * the transaction, they wait without holding a pooled connection, so one owner's burst cannot take the whole pool
 * (64 concurrent uploads of one key took all 48 connections and others got 503 after the 2 s acquisition timeout).
 * Owners are spread over 64 fair locks: two owners sharing one take turns too, which costs only time.
 */
@ApplicationScoped
public class OwnerTurns {

    /** A turn; closing it lets the next submit of the owner in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    public static final Turn NONE = () -> { };

    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public OwnerTurns() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** Waits at most {@code timeoutMs} (what the request deadline leaves), then answers 503 OVERLOADED. */
    public Turn take(String owner, long timeoutMs) {
        ReentrantLock lock = locks[Math.floorMod(owner.hashCode(), STRIPES)];
        try {
            if (!lock.tryLock(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS)) {
                throw new ApiException(ErrorCode.OVERLOADED,
                        "Too many edits of this account are being accepted at once; retry shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.OVERLOADED, "Interrupted while waiting for this account's turn.");
        }
        return lock::unlock;
    }
}
