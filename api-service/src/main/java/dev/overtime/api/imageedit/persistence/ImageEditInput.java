package dev.overtime.api.imageedit.persistence;

import org.hibernate.annotations.ColumnTransformer;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/**
 * An uploaded image or mask: its bytes are in the object store (under ObjectKeys.inputOf); the row is what the
 * worker needs to fetch and send them. ({@code data} is a legacy column the worker's mover empties.)
 */
@Entity
@Table(name = "image_edit_inputs")
public class ImageEditInput extends PanacheEntityBase {

    @EmbeddedId
    public Key key;
    @Column(nullable = false)
    public String filename;
    @Column(name = "content_type")
    public String contentType;
    /** Null until a URL input is fetched (then, like an upload's, what the bytes turned out to be). */
    public Integer width;
    public Integer height;
    @Column(name = "size_bytes")
    public Integer sizeBytes;
    /**
     * Where the bytes are in the object store when that is not where an upload goes (a fetched input's shared key);
     * null for an upload, whose key is made from this row's (ObjectKeys.inputOf).
     */
    @Column(name = "object_key")
    public String objectKey;
    /** SHA-256 of the stored bytes, lowercase hex. */
    // Stored as its 32 bytes (V19); lowercase hex here.
    @ColumnTransformer(read = "encode(sha256, 'hex')", write = "decode(?, 'hex')")
    public String sha256;
    /** For an input given as {@code image_url}/{@code mask_url}: where the worker fetches it from. */
    @Column(name = "source_url")
    public String sourceUrl;

    @Embeddable
    public record Key(@Column(name = "job_id") UUID jobId, String role, int position) implements Serializable {
    }
}
