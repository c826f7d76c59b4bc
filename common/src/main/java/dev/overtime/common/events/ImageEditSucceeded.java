package dev.overtime.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.cost.JobCost;

import java.time.Instant;

/**
 * The upstream returned images and they are stored; the job is {@code succeeded}. {@code cost} (what its billed
 * attempts cost) was added to schema version 1 as an optional field, so readers that ignore unknown fields are
 * unaffected.
 */
public record ImageEditSucceeded(int schemaVersion, JobFacts job, int attempts, long queueWaitMs,
                                 long upstreamLatencyMs, long totalDurationMs, int outputCount,
                                 TokenUsage usage, Instant finishedAt,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) JobCost cost) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.succeeded";
}
