package dev.overtime.api.accounts.service;

import dev.overtime.api.accounts.client.Entitlements;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Reserves an edit's credits in the submit's transaction, so concurrent submits can't all spend the same balance.
 * The accounts service only reports {@code remainingCredits}; the {@code n} of every edit this owner had accepted in
 * the last {@code overtime.api.accounts.reservation-window} counts against it too, since the service may not show
 * them yet. Reservations are summed per owner in slices of a twelfth of the window ({@code credit_reservations}, V8),
 * so a submit reads a dozen rows, not every job of a busy owner's window. An owner's submits take turns on a
 * transaction-scoped advisory lock, so the count and the new reservation commit as one: of eight concurrent edits
 * against three credits, three are accepted. The lock, the count and the reservation are one call to the database
 * ({@code reserve_credits}, V22), and the submit makes it as late as it can, once its rows are written, so that the
 * owner's next submit waits only for what follows: the queue check and the commit (for a batch, also its summary).
 * At most {@link OwnerTurns}' few submits of an owner per replica wait for the lock holding a pooled connection.
 */
@ApplicationScoped
public class CreditReservations {

    private final EntityManager em;
    private final Duration window;
    private final Duration slice;

    public CreditReservations(EntityManager em, ApiConfig config) {
        this.em = em;
        this.window = config.accounts().reservationWindow();
        // A dozen slices per window: a submit sums at most thirteen rows, whatever the owner's rate.
        this.slice = window.isZero() ? Duration.ZERO : Duration.ofMillis(Math.max(1, window.toMillis() / 12));
    }

    /**
     * Throws {@code CREDITS_EXHAUSTED} (rolling the submit back) unless the balance less what is reserved covers
     * {@code n}, and reserves {@code n}; call it as the submit's last step before the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String owner, Entitlements plan, int n) {
        if (window.isZero()) {
            return;
        }
        Instant now = Instant.now();
        // A slice counts while any of it lies in the window: up to one slice more than the window is reserved
        // (refusing early, never overspending). The owner's older slices go in the same call.
        Timestamp cutoff = Timestamp.from(now.minus(window).minus(slice));
        long sliceMillis = slice.toMillis();
        Timestamp sliceStart = Timestamp.from(Instant.ofEpochMilli(now.toEpochMilli() / sliceMillis * sliceMillis));
        // One round trip (V22): the owner's advisory lock, held until commit or rollback (the next submit of this
        // owner then counts this one's slice), the window's sum, and the reservation when it fits.
        long reserved = ((Number) em.createNativeQuery("select reserve_credits(?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, owner).setParameter(2, (long) n).setParameter(3, plan.remainingCredits())
                .setParameter(4, cutoff).setParameter(5, sliceStart)
                .getSingleResult()).longValue();
        if (plan.remainingCredits() - reserved < n) {
            throw new ApiException(ErrorCode.CREDITS_EXHAUSTED, "The plan '" + plan.plan() + "' has "
                    + plan.remainingCredits() + " credits left, " + Math.min(reserved, plan.remainingCredits())
                    + " of them reserved by edits accepted in the last " + window.toSeconds() + " s; this edit needs " + n + ".");
        }
    }
}
