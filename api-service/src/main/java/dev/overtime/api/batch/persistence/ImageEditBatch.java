package dev.overtime.api.batch.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A batch of image edits: its items are ordinary jobs ({@code image_edit_jobs.batch_id}). {@code status} is
 * {@code running}, {@code completed} (the worker's completion sweep sets it once every item ended) or
 * {@code canceled}; {@code completedAt} is when its last item ended.
 */
@Entity
@Table(name = "image_edit_batches")
public class ImageEditBatch extends PanacheEntityBase {

    public static final String RUNNING = "running";
    public static final String CANCELED = "canceled";

    @Id
    public UUID id;
    @Column(nullable = false)
    public String owner;
    @Column(nullable = false)
    public String status;
    @Column(name = "item_count")
    public int itemCount;
    /** The caller's metadata object, as JSON text. */
    public String metadata;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    public long version;
}
