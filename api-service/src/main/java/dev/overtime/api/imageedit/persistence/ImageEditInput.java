package dev.overtime.api.imageedit.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/**
 * An uploaded image or mask: its bytes are in the object store under {@link #objectKey}; the row is what the worker
 * needs to fetch and send them. ({@code data} is a legacy column the worker's mover empties.)
 */
@Entity
@Table(name = "image_edit_inputs")
public class ImageEditInput extends PanacheEntityBase {

    @EmbeddedId
    public Key key;
    @Column(nullable = false)
    public String filename;
    @Column(name = "content_type", nullable = false)
    public String contentType;
    public int width;
    public int height;
    @Column(name = "size_bytes")
    public int sizeBytes;
    /** Where the bytes are in the object store. */
    @Column(name = "object_key")
    public String objectKey;
    /** SHA-256 of the stored bytes, lowercase hex. */
    public String sha256;

    @Embeddable
    public record Key(@Column(name = "job_id") UUID jobId, String role, int position) implements Serializable {
    }
}
