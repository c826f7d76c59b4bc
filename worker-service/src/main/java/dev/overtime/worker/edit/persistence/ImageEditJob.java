package dev.overtime.worker.edit.persistence;

import dev.overtime.common.events.JobFacts;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of image_edit_jobs as the worker sees it; status changes go through the guarded transitions in
 * {@code JobLifecycle}, {@code JobDeadlines} and {@code SweeperTransitions}.
 */
@Entity
@Table(name = "image_edit_jobs")
public class ImageEditJob extends PanacheEntityBase {

    @Id
    public UUID id;
    public String owner;
    public String status;
    public String model;
    public String prompt;
    public int n;
    public String size;
    public String quality;
    public String background;
    @Column(name = "output_format")
    public String outputFormat;
    @Column(name = "output_compression")
    public Integer outputCompression;
    @Column(name = "input_fidelity")
    public String inputFidelity;
    @Column(name = "end_user")
    public String endUser;
    @Column(name = "partial_images")
    public int partialImages;
    @Column(name = "request_id")
    public String requestId;
    public int attempts;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "input_tokens")
    public Long inputTokens;
    @Column(name = "output_tokens")
    public Long outputTokens;
    @Column(name = "total_tokens")
    public Long totalTokens;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long version;
    /** Sized copies to make of each output ({@code 256.png,1024.jpg}); null for none. */
    public String variants;
    @Column(name = "lease_owner")
    public String leaseOwner;
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;
    @Column(name = "not_before")
    public Instant notBefore;
    @Column(name = "announced_at")
    public Instant announcedAt;
    @Column(name = "deadline_at")
    public Instant deadlineAt;

    /** What every lifecycle event says about the job. */
    public JobFacts facts() {
        return new JobFacts(id, owner, model, size, quality, n);
    }
}
