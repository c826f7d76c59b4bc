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
 * them yet. An owner's submits take turns on a transaction-scoped advisory lock, so the count and the new job commit
 * as one: of eight concurrent edits against three credits, three are accepted.
 */
@ApplicationScoped
public class CreditReservations {

    private final EntityManager em;
    private final Duration window;

    public CreditReservations(EntityManager em, ApiConfig config) {
        this.em = em;
        this.window = config.accounts().reservationWindow();
    }

    /** Throws {@code CREDITS_EXHAUSTED} (rolling the submit back) unless the balance less the reserved covers {@code n}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(String owner, Entitlements plan, int n) {
        if (window.isZero()) {
            return;
        }
        // Held until commit or rollback; the next submit of this owner then counts this one's job.
        em.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "overtime.credits:" + owner).getSingleResult();
        long reserved = ((Number) em.createNativeQuery(
                        "select coalesce(sum(n), 0) from image_edit_jobs where owner = ?1 and created_at > ?2")
                .setParameter(1, owner).setParameter(2, Timestamp.from(Instant.now().minus(window)))
                .getSingleResult()).longValue();
        if (plan.remainingCredits() - reserved < n) {
            throw new ApiException(ErrorCode.CREDITS_EXHAUSTED, "The plan '" + plan.plan() + "' has "
                    + plan.remainingCredits() + " credits left, " + Math.min(reserved, plan.remainingCredits())
                    + " of them reserved by edits accepted in the last " + window.toSeconds() + " s; this edit needs " + n + ".");
        }
    }
}
