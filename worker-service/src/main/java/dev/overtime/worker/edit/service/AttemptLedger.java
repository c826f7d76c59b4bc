package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.cost.CostLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of {@code image_edit_attempts}: one per upstream call, opened when a job is claimed and closed with what
 * the call came to, its cost included (a billed attempt is booked in the {@link CostLedger} at once). Always written
 * inside the transition's own transaction.
 */
@ApplicationScoped
public class AttemptLedger {

    private final EntityManager em;
    private final CostLedger costs;

    public AttemptLedger(EntityManager em, CostLedger costs) {
        this.em = em;
        this.costs = costs;
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
    void close(UUID jobId, String model, AttemptRecord attempt) {
        TokenUsage usage = attempt.usage();
        Optional<CostLedger.Priced> cost = costs.price(model, attempt.startedAt(), usage);
        int closed = em.createNativeQuery("""
                        update image_edit_attempts
                           set duration_ms = :duration, http_status = :status, upstream_request_id = :requestId,
                               error_code = :code, input_tokens = :in, output_tokens = :out, total_tokens = :total,
                               input_text_tokens = :text, input_image_tokens = :image,
                               cost_usd = :cost, price_version = :version
                         where job_id = :id and attempt = :attempt and cost_usd is null""")
                .setParameter("duration", attempt.durationMs())
                .setParameter("status", new TypedParameterValue<>(StandardBasicTypes.INTEGER, attempt.httpStatus()))
                .setParameter("requestId", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.upstreamRequestId()))
                .setParameter("code", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.errorCode() == null ? null : attempt.errorCode().name()))
                .setParameter("in", tokens(usage == null ? null : usage.inputTokens()))
                .setParameter("out", tokens(usage == null ? null : usage.outputTokens()))
                .setParameter("total", tokens(usage == null ? null : usage.totalTokens()))
                .setParameter("text", tokens(usage == null ? null : usage.inputTextTokens()))
                .setParameter("image", tokens(usage == null ? null : usage.inputImageTokens()))
                // An attempt without usage costs 0 (not null): the row says it was priced, at nothing.
                .setParameter("cost", cost.map(CostLedger.Priced::usd).orElse(BigDecimal.ZERO))
                .setParameter("version", new TypedParameterValue<>(StandardBasicTypes.LOCAL_DATE,
                        cost.map(CostLedger.Priced::priceVersion).orElse(null)))
                .setParameter("id", jobId)
                .setParameter("attempt", attempt.attempt())
                .executeUpdate();
        // "cost_usd is null" above: an attempt is booked once, even if its close were ever written twice.
        if (closed == 1 && cost.isPresent()) {
            costs.book(jobId, cost.get().usd(), attempt.startedAt());
        }
    }

    /**
     * Marks a closed attempt whose answer came back after the job stopped being its own (taken over, canceled): the
     * answer was discarded, so the attempt is ATTEMPT_ABANDONED, not a success, whatever was closed before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void discarded(UUID jobId, int attempt) {
        em.createNativeQuery("update image_edit_attempts set error_code = :code where job_id = :id and attempt = :attempt")
                .setParameter("code", ErrorCode.ATTEMPT_ABANDONED.name())
                .setParameter("id", jobId)
                .setParameter("attempt", attempt)
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
