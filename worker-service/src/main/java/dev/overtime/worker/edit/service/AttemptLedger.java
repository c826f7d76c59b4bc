package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * The rows of {@code image_edit_attempts}: one per upstream call, opened when a job is claimed and closed with what
 * the call came to. Always written inside the transition's own transaction.
 */
@ApplicationScoped
public class AttemptLedger {

    private final EntityManager em;

    public AttemptLedger(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void open(UUID jobId, int attempt, Instant startedAt, String worker) {
        em.createNativeQuery("""
                        insert into image_edit_attempts (job_id, attempt, started_at, worker)
                        values (:id, :attempt, :now, :worker)""")
                .setParameter("id", jobId)
                .setParameter("attempt", attempt)
                .setParameter("now", startedAt)
                .setParameter("worker", worker)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void close(UUID jobId, AttemptRecord attempt) {
        TokenUsage usage = attempt.usage();
        em.createNativeQuery("""
                        update image_edit_attempts
                           set duration_ms = :duration, http_status = :status, upstream_request_id = :requestId,
                               error_code = :code, input_tokens = :in, output_tokens = :out, total_tokens = :total
                         where job_id = :id and attempt = :attempt""")
                .setParameter("duration", attempt.durationMs())
                .setParameter("status", new TypedParameterValue<>(StandardBasicTypes.INTEGER, attempt.httpStatus()))
                .setParameter("requestId", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.upstreamRequestId()))
                .setParameter("code", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.errorCode() == null ? null : attempt.errorCode().name()))
                .setParameter("in", tokens(usage == null ? null : usage.inputTokens()))
                .setParameter("out", tokens(usage == null ? null : usage.outputTokens()))
                .setParameter("total", tokens(usage == null ? null : usage.totalTokens()))
                .setParameter("id", jobId)
                .setParameter("attempt", attempt.attempt())
                .executeUpdate();
    }

    /** Closes an attempt whose worker stopped responding, if it is still open; its duration runs until {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void abandon(UUID jobId, int attempt, Instant now) {
        em.createNativeQuery("""
                        update image_edit_attempts
                           set error_code = :code,
                               duration_ms = (extract(epoch from (:now - started_at)) * 1000)::bigint
                         where job_id = :id and attempt = :attempt and duration_ms is null""")
                .setParameter("code", ErrorCode.ATTEMPT_ABANDONED.name())
                .setParameter("now", now)
                .setParameter("id", jobId)
                .setParameter("attempt", attempt)
                .executeUpdate();
    }

    private static TypedParameterValue<Long> tokens(Long value) {
        return new TypedParameterValue<>(StandardBasicTypes.LONG, value);
    }
}
