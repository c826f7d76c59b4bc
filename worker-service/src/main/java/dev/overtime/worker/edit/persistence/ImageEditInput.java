package dev.overtime.worker.edit.persistence;

import dev.overtime.storage.ObjectKeys;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Formula;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.jpa.HibernateHints;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** An uploaded file of a job (role {@code image} or {@code mask}); the worker only reads these. */
@Entity
@Table(name = "image_edit_inputs")
@IdClass(ImageEditInput.Key.class)
public class ImageEditInput extends PanacheEntityBase {

    public static final String ROLE_IMAGE = "image";
    public static final String ROLE_MASK = "mask";

    @Id
    @Column(name = "job_id")
    public UUID jobId;
    @Id
    public String role;
    @Id
    public int position;
    public String filename;
    @Column(name = "content_type")
    public String contentType;
    /** Null, like content type, object key and SHA-256, while a URL input is not fetched yet. */
    public Integer width;
    public Integer height;
    @Column(name = "size_bytes")
    public Integer sizeBytes;
    /**
     * Where the bytes are in the bucket when an upload's key does not say (a fetched input's shared key, a row written
     * before V21); null for an upload since V21, for a URL input not fetched yet, and for a row written before V6 that
     * the mover has not moved yet. {@link #key()} says where the bytes are.
     */
    @Column(name = "object_key")
    public String objectKey;
    /** A row written before V6 that still holds its bytes in {@code data} (never loaded here). */
    @Formula("(data is not null)")
    public boolean bytesInDatabase;
    // Stored as its 32 bytes (V19); lowercase hex here.
    @ColumnTransformer(read = "encode(sha256, 'hex')", write = "decode(?, 'hex')")
    public String sha256;
    /** Where an input given as a URL is fetched from (null for an upload). */
    @Column(name = "source_url")
    public String sourceUrl;

    /** The object holding the bytes; null while a URL input is not fetched or a pre-V6 row still holds them. */
    public String key() {
        return bytesInDatabase ? null : ObjectKeys.inputOf(jobId, role, position, objectKey, sourceUrl);
    }

    /** A URL input whose bytes the worker has not fetched yet. */
    public boolean awaitsFetch() {
        return sourceUrl != null && objectKey == null;
    }

    /** Read-only: the inputs are only sent upstream; their bytes are streamed from the store when sent. */
    public static List<ImageEditInput> forJob(UUID jobId) {
        return find("jobId = ?1 order by role, position", jobId).withHint(HibernateHints.HINT_READ_ONLY, true).list();
    }

    /** Composite primary key (job_id, role, position). */
    public static class Key implements Serializable {
        public UUID jobId;
        public String role;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && position == k.position && Objects.equals(jobId, k.jobId)
                    && Objects.equals(role, k.role);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, role, position);
        }
    }
}
