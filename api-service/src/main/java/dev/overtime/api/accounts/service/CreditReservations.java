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
 *
 * <p>The lock is the submit's last step, taken once its job row is written: an owner's submits then queue only for
 * a count and a commit, not for the whole transaction, and none of them holds a pooled connection waiting on another
 * one's inserts (sixteen concurrent uploads of one owner used to run the API's pool dry at a cold start).
 */
@ApplicationScoped
public class CreditReservations {

    private final EntityManager em;
    private final Duration window;

    public CreditReservations(EntityManager em, ApiConfig config) {
        this.em = em;
        this.window = config.accounts().reservationWindow();
    }

    /**
     * Throws {@code CREDITS_EXHAUSTED} (rolling the submit back) unless the balance covers every edit reserved,
     * this one included: call it after this submit's job row (of {@code n} edits) is written, right before the commit.
     */
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
        // This submit's own row is among them: this transaction wrote it.
        long reservedByOthers = reserved - n;
        if (plan.remainingCredits() < reserved) {
            throw new ApiException(ErrorCode.CREDITS_EXHAUSTED, "The plan '" + plan.plan() + "' has "
                    + plan.remainingCredits() + " credits left, " + Math.min(reservedByOthers, plan.remainingCredits())
                    + " of them reserved by edits accepted in the last " + window.toSeconds() + " s; this edit needs " + n + ".");
        }
    }
}
