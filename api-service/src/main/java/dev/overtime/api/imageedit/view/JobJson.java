package dev.overtime.api.imageedit.view;

import dev.overtime.common.JobStatus;

import java.util.UUID;

/** A job's view as JSON bytes ready to send, with the id and status that {@code Prefer: wait} looks at. */
public record JobJson(UUID id, JobStatus status, byte[] bytes) {
}
