package dev.overtime.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A job was accepted and stored; the worker should run it. Carries a reference to the stored job,
 * never the image bytes, so the record stays tiny whatever the upload size.
 */
public record ImageEditRequested(int schemaVersion, UUID jobId, String owner, String requestId, Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public ImageEditRequested {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    public static ImageEditRequested of(UUID jobId, String owner, String requestId, Instant requestedAt) {
        return new ImageEditRequested(SCHEMA_VERSION, jobId, owner, requestId, requestedAt);
    }
}
