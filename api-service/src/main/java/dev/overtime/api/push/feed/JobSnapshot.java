package dev.overtime.api.push.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.common.JobStatus;

import java.util.UUID;

/**
 * A job as it was when read: its owner (for access checks), status and version, and the body
 * exactly as {@code GET /v1/image-edits/{id}} answers it (plus {@code queuePosition} while queued).
 */
public record JobSnapshot(UUID id, String owner, JobStatus status, long version, ObjectNode body,
                          int retryAfterSeconds) {

    public boolean terminal() {
        return status.isTerminal();
    }
}
