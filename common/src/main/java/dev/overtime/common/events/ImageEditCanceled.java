package dev.overtime.common.events;

import java.time.Instant;

/**
 * The job ended {@code canceled}: its deadline passed before it started ({@code errorCode} DEADLINE_EXCEEDED),
 * or its owner canceled it ({@code errorCode} CANCELED).
 */
public record ImageEditCanceled(int schemaVersion, JobFacts job, int attempts, String errorCode, Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "dev.overtime.image_edit.canceled";
}
