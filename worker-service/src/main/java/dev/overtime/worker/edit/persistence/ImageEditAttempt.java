package dev.overtime.worker.edit.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One upstream call for a job, kept for operators and shown to the caller. */
@Entity
@Table(name = "image_edit_attempts")
@IdClass(ImageEditAttempt.Key.class)
public class ImageEditAttempt extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;
    @Id
    public int attempt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "duration_ms")
    public Long durationMs;
    @Column(name = "http_status")
    public Integer httpStatus;
    @Column(name = "upstream_request_id")
    public String upstreamRequestId;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "input_tokens")
    public Long inputTokens;
    @Column(name = "output_tokens")
    public Long outputTokens;
    @Column(name = "total_tokens")
    public Long totalTokens;

    /** Composite primary key (job_id, attempt). */
    public static class Key implements Serializable {
        public UUID jobId;
        public int attempt;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && attempt == k.attempt && Objects.equals(jobId, k.jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, attempt);
        }
    }
}
