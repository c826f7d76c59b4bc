package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.view.JobSnapshot;

import java.util.UUID;

/** What a {@code POST /v1/image-edits} came to; {@code rest} turns each into its HTTP answer. */
public sealed interface Submitted {

    /** A new queued job (202), with its queue estimate; {@code degraded} when a fallback stood in for an upstream. */
    record Accepted(JobSnapshot job) implements Submitted {
    }

    /** {@code reuse=true} found a recent succeeded job with the same inputs (200): no new job, no upstream call. */
    record Reused(JobSnapshot job) implements Submitted {
    }

    /** The same Idempotency-Key and request again: the response recorded the first time, as it was. */
    record Replayed(int status, UUID jobId, String body) implements Submitted {
    }
}
