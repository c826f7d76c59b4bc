package dev.overtime.common.events;

import java.time.Instant;

/** The job ended {@code failed}; {@code errorCode} is an {@link dev.overtime.common.ErrorCode} name. */
public record ImageEditFailed(int schemaVersion, JobFacts job, int attempts, long queueWaitMs,
                              long upstreamLatencyMs, long totalDurationMs, String errorCode,
                              String errorMessage, Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.failed";
}
