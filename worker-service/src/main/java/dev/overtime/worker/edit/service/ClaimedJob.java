package dev.overtime.worker.edit.service;

import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.edit.client.UpstreamEditRequest;

import java.time.Instant;

/**
 * A job this worker has moved to {@code running} as attempt {@code attempt}, with what it needs to call the
 * upstream; {@code startedAt} is the first attempt's start, {@code deadlineAt} null when the caller set none.
 */
public record ClaimedJob(JobFacts facts, Instant createdAt, Instant startedAt, int attempt,
                         UpstreamEditRequest request, Instant deadlineAt) {

    public java.util.UUID jobId() {
        return facts.jobId();
    }
}
