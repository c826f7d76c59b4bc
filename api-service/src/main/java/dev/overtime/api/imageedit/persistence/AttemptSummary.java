package dev.overtime.api.imageedit.persistence;

import java.time.Instant;

/** One upstream call made for a job, as recorded by the worker. */
public record AttemptSummary(int attempt, Instant startedAt, Long durationMs, Integer httpStatus,
                             String upstreamRequestId, String errorCode) {
}
