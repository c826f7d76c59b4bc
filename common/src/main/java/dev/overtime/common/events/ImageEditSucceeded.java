package dev.overtime.common.events;

import dev.overtime.common.TokenUsage;

import java.time.Instant;

/** The upstream returned images and they are stored; the job is {@code succeeded}. */
public record ImageEditSucceeded(int schemaVersion, JobFacts job, int attempts, long queueWaitMs,
                                 long upstreamLatencyMs, long totalDurationMs, int outputCount,
                                 TokenUsage usage, Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.succeeded";
}
