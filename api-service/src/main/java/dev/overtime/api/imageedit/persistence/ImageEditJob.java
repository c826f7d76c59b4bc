package dev.overtime.api.imageedit.persistence;

import org.hibernate.annotations.ColumnTransformer;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

import java.time.Instant;
import java.util.UUID;

/** A stored image edit job, the API's view of {@code image_edit_jobs}. */
@Entity
@Table(name = "image_edit_jobs")
public class ImageEditJob extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(nullable = false)
    public String owner;
    @Column(nullable = false)
    public String status;
    @Column(nullable = false)
    public String model;
    /** The model the caller asked for, when its retirement ran this job on {@code model} instead. */
    @Column(name = "model_substituted_from")
    public String modelSubstitutedFrom;
    @Column(nullable = false)
    public String prompt;
    public int n;
    @Column(nullable = false)
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
    @Column(name = "request_id")
    public String requestId;
    /** {@code passed} or {@code skipped}; flagged prompts are refused before anything is stored. */
    @Column(name = "moderation_status")
    public String moderationStatus;
    @Column(name = "moderation_detail")
    public String moderationDetail;
    /** {@code live}, {@code cached}, {@code default} or {@code off}: where the enforced plan came from. */
    @Column(name = "entitlement_source")
    public String entitlementSource;
    @Column(name = "entitlement_plan")
    public String entitlementPlan;
    public int attempts;
    /** Partial images asked for (0-3); the worker streams them from the upstream. */
    @Column(name = "partial_images")
    public int partialImages;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    /** On a {@code MODERATION_BLOCKED} failure: the stage OpenAI's safety system stopped it at, when it said. */
    @Column(name = "error_moderation_stage")
    public String errorModerationStage;
    /** Set (possibly empty) exactly when OpenAI said why it refused the edit; written by the worker only. */
    @Column(name = "error_moderation_categories")
    public String[] errorModerationCategories;
    @Column(name = "input_tokens")
    public Long inputTokens;
    @Column(name = "output_tokens")
    public Long outputTokens;
    @Column(name = "total_tokens")
    public Long totalTokens;
    /** What the job's billed attempts cost (US dollars) and how many were billed: the worker's to write (V18). */
    @Column(name = "cost_usd", insertable = false, updatable = false)
    public java.math.BigDecimal costUsd;
    @Column(name = "billed_attempts", insertable = false, updatable = false)
    public Integer billedAttempts;
    /** Fingerprint of model, parameters and input bytes: what {@code reuse=true} matches on. */
    @Column(name = "input_hash")
    @ColumnTransformer(read = "encode(input_hash, 'hex')", write = "decode(?, 'hex')") // 32 bytes stored (V19)
    public String inputHash;
    /** Where the job goes in its owner's queue: 0 low, 1 normal, 2 high ({@code owners.Priority}). */
    public short priority;
    /** The caller's {@code deadline}: past it, a job not yet running ends canceled. */
    @Column(name = "deadline_at")
    public Instant deadlineAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    // Bumped by whichever service changes the row; not @Version because the worker writes with plain SQL.
    public long version;
    /** Sized copies of each output to make, such as {@code 256.png,1024.jpg}; null for none. */
    public String variants;
    /** The batch this job is an item of, and its index there; null for a job submitted on its own. */
    @Column(name = "batch_id")
    public UUID batchId;
    @Column(name = "batch_index")
    public Integer batchIndex;
    /** Drawn from a sequence when the row is stored (V8): the job's place in the queue without counting it. */
    @Generated
    @Column(name = "queue_ticket", insertable = false, updatable = false)
    public Long queueTicket;
}
