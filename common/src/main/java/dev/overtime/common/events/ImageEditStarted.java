package dev.overtime.common.events;

import java.time.Instant;

/** A worker took the job and is about to call the upstream (attempt counts from 1). */
public record ImageEditStarted(int schemaVersion, JobFacts job, int attempt, long queueWaitMs, Instant startedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.started";
}
