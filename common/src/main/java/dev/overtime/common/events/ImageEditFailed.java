package dev.overtime.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.cost.JobCost;

import java.time.Instant;

/**
 * The job ended {@code failed}; {@code errorCode} is an {@link dev.overtime.common.ErrorCode} name.
 * {@code moderation} is present only on a {@code MODERATION_BLOCKED} failure whose upstream said why; it was added
 * to schema version 1 as an optional field, so readers that ignore unknown fields are unaffected; so was {@code cost}
 * (what its billed attempts cost: an attempt that failed without usage costs nothing).
 */
public record ImageEditFailed(int schemaVersion, JobFacts job, int attempts, long queueWaitMs,
                              long upstreamLatencyMs, long totalDurationMs, String errorCode,
                              String errorMessage, Instant finishedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) UpstreamModeration moderation,
                              @JsonInclude(JsonInclude.Include.NON_NULL) JobCost cost) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.failed";

    /** A failure the upstream's safety system had no part in. */
    public ImageEditFailed(int schemaVersion, JobFacts job, int attempts, long queueWaitMs, long upstreamLatencyMs,
                           long totalDurationMs, String errorCode, String errorMessage, Instant finishedAt) {
        this(schemaVersion, job, attempts, queueWaitMs, upstreamLatencyMs, totalDurationMs, errorCode, errorMessage,
                finishedAt, null, null);
    }
}
