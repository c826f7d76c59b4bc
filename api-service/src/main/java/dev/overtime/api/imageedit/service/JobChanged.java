package dev.overtime.api.imageedit.service;

import java.util.UUID;

/** A job's row changed in this replica's transaction (accepted, canceled); observed after commit by the push feed. */
public record JobChanged(UUID jobId, String owner) {
}
