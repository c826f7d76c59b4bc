package dev.overtime.worker.edit.persistence;

import org.hibernate.annotations.ColumnTransformer;
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

/** One generated image of a succeeded job, at its position in OpenAI's {@code data[]}. */
@Entity
@Table(name = "image_edit_outputs")
@IdClass(ImageEditOutput.Key.class)
public class ImageEditOutput extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;
    @Id
    public int position;
    @Column(name = "content_type")
    public String contentType;
    public int width;
    public int height;
    @Column(name = "size_bytes")
    public int sizeBytes;
    /** The attempt that wrote it, which with job and position makes its object's key (ObjectKeys.outputOf, V21). */
    public Short attempt;
    /** Null since V21: rows written before keep the key they were stored under. */
    @Column(name = "object_key")
    public String objectKey;
    // Stored as its 32 bytes (V19); lowercase hex here.
    @ColumnTransformer(read = "encode(sha256, 'hex')", write = "decode(?, 'hex')")
    public String sha256;
    /** When retention deletes the object; the API shows it as {@code expiresAt} and answers 410 after. */
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;

    /** Composite primary key (job_id, position). */
    public static class Key implements Serializable {
        public UUID jobId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && position == k.position && Objects.equals(jobId, k.jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, position);
        }
    }
}
