package dev.overtime.api.imageedit.service;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stripe's Idempotency-Key semantics over the idempotency_keys table, scoped to the owner: the first request
 * claims the key in its own committed transaction; the job's transaction completes it with the response.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** A response recorded for a key, to be replayed as is. */
    public record Recorded(int status, String body, UUID jobId) {
    }

    private final EntityManager em;
    private final ApiConfig.Submission config;

    public IdempotencyKeys(EntityManager em, ApiConfig config) {
        this.em = em;
        this.config = config.submission();
    }

    /**
     * Claims {@code key} for this request; answers the recorded response when the same request already completed,
     * and throws 422 for a different request under the key, 409 while the first one is still in flight.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Recorded> claim(String owner, String key, String requestHash) {
        Instant now = Instant.now();
        int inserted = em.createNativeQuery("""
                        insert into idempotency_keys (owner, idempotency_key, request_hash, created_at, expires_at)
                        values (:owner, :key, :hash, :now, :expires)
                        on conflict (owner, idempotency_key) do nothing""")
                .setParameter("owner", owner)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .setParameter("now", now)
                .setParameter("expires", now.plus(config.idempotencyTtl()))
                .executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        List<?> rows = em.createNativeQuery("""
                        select request_hash, job_id, response_status, response_body, created_at, expires_at
                          from idempotency_keys where owner = :owner and idempotency_key = :key for update""", Object[].class)
                .setParameter("owner", owner)
                .setParameter("key", key)
                .getResultList();
        Object[] row = (Object[]) rows.getFirst();
        boolean expired = toInstant(row[5]).isBefore(now);
        boolean abandoned = row[1] == null && toInstant(row[4]).isBefore(now.minus(config.idempotencyInFlightTimeout()));
        if (expired || abandoned) {
            em.createNativeQuery("""
                            update idempotency_keys
                               set request_hash = :hash, job_id = null, response_status = null, response_body = null,
                                   created_at = :now, expires_at = :expires
                             where owner = :owner and idempotency_key = :key""")
                    .setParameter("hash", requestHash)
                    .setParameter("now", now)
                    .setParameter("expires", now.plus(config.idempotencyTtl()))
                    .setParameter("owner", owner)
                    .setParameter("key", key)
                    .executeUpdate();
            return Optional.empty();
        }
        if (!requestHash.equals(row[0])) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request; use a new key for a new request.");
        }
        if (row[1] == null) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        return Optional.of(new Recorded(((Number) row[2]).intValue(), (String) row[3], (UUID) row[1]));
    }

    /** Records the response for the key; joins the job's transaction, so both commit or neither does. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String owner, String key, UUID jobId, int status, String body) {
        em.createNativeQuery("""
                        update idempotency_keys set job_id = :job, response_status = :status, response_body = :body
                         where owner = :owner and idempotency_key = :key""")
                .setParameter("job", jobId)
                .setParameter("status", status)
                .setParameter("body", body)
                .setParameter("owner", owner)
                .setParameter("key", key)
                .executeUpdate();
    }

    /** Frees a key whose request failed before anything was stored (a 4xx, a 503), so it may be retried at once. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String owner, String key) {
        em.createNativeQuery("delete from idempotency_keys where owner = :owner and idempotency_key = :key and job_id is null")
                .setParameter("owner", owner)
                .setParameter("key", key)
                .executeUpdate();
    }

    @Scheduled(every = "1h", delayed = "5m")
    @Transactional
    void purgeExpired() {
        int purged = em.createNativeQuery("delete from idempotency_keys where expires_at < now()").executeUpdate();
        if (purged > 0) {
            Log.infof("Purged %d expired idempotency keys", purged);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value);
    }
}
