package dev.overtime.api.imageedit.view;

import dev.overtime.common.JobStatus;

import java.util.UUID;

/**
 * A job as it was when read: its owner (for access checks), status and version, its view exactly as
 * {@code GET /v1/image-edits/{id}} answers it, and when a poller should look again.
 */
public record JobSnapshot(UUID id, String owner, JobStatus status, long version, JobView view,
                          int retryAfterSeconds) {

    public boolean terminal() {
        return status.isTerminal();
    }

    /** ETag of this state: the worker bumps {@code version} on every change. */
    public String etag() {
        return etag(id, version);
    }

    public static String etag(UUID id, long version) {
        return "\"" + id + "-" + version + "\"";
    }
}
