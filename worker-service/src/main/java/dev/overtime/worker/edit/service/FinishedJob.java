package dev.overtime.worker.edit.service;

import java.time.Instant;

/** The job's state once a terminal status was written. */
public record FinishedJob(Instant finishedAt, int attempts) {
}
