package dev.overtime.worker.edit.service;

import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.edit.client.UpstreamEditRequest;

import java.time.Instant;

/** A job this worker has moved to {@code running}, with what it needs to call the upstream. */
public record ClaimedJob(JobFacts facts, Instant createdAt, Instant startedAt, int attempt,
                         UpstreamEditRequest request) {
}
