package dev.overtime.api.accounts.service;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * Lets a few credit-reserving submits per owner at a time into their transactions on this replica. The owner's
 * submits take turns at the end of their transactions anyway ({@link CreditReservations}' advisory lock orders them
 * across replicas); waiting here, before the transaction, the rest wait without holding a pooled connection, so one
 * owner's burst cannot take the whole pool (64 concurrent uploads of one key took all 48 connections and others got
 * 503 after the 2 s acquisition timeout). More than one is let in so that the next submits write their rows while
 * one holds the owner's locks: with one at a time, an owner's whole transactions ran one after the other.
 * Owners are spread over 64 fair semaphores: two owners sharing one share its permits, which costs only time.
 */
@ApplicationScoped
public class OwnerTurns {

    /** A turn; closing it lets the next submit of the owner in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    public static final Turn NONE = () -> { };

    static final int STRIPES = 64;
    /**
     * Submits of one owner in their transactions at once per replica: one holds the owner's locks while the others
     * write their rows, and at most this many of the pool's connections wait for one owner's locks.
     */
    static final int AT_ONCE = 4;

    private final Semaphore[] stripes = new Semaphore[STRIPES];

    public OwnerTurns() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(AT_ONCE, true);
        }
    }

    /** Waits at most {@code timeoutMs} (what the request deadline leaves), then answers 503 OVERLOADED. */
    public Turn take(String owner, long timeoutMs) {
        Semaphore stripe = stripes[Math.floorMod(owner.hashCode(), STRIPES)];
        try {
            if (!stripe.tryAcquire(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS)) {
                throw new ApiException(ErrorCode.OVERLOADED,
                        "Too many edits of this account are being accepted at once; retry shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.OVERLOADED, "Interrupted while waiting for this account's turn.");
        }
        return stripe::release;
    }
}
