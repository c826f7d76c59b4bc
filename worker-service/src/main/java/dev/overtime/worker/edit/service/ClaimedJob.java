package dev.overtime.worker.edit.service;

import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.edit.client.UpstreamEditRequest;

import java.time.Instant;
import java.util.List;

/**
 * A job this worker has moved to {@code running} as attempt {@code attempt}, with what it needs to call the
 * upstream; {@code startedAt} is the first attempt's start, {@code deadlineAt} null when the caller set none.
 * While some inputs are URLs not fetched yet ({@code toFetch}), {@code request} is null: {@link UrlInputs} fetches
 * them and hands back the job with its request. {@code variants}: the sized copies to make of each output, or null.
 */
public record ClaimedJob(JobFacts facts, Instant createdAt, Instant startedAt, int attempt,
                         UpstreamEditRequest request, Instant deadlineAt, List<UrlInput> toFetch, String variants) {

    /** An input named by URL: its role ({@code image}, {@code mask}), position and URL. */
    public record UrlInput(String role, int position, String url) {
    }

    public ClaimedJob {
        toFetch = toFetch == null ? List.of() : List.copyOf(toFetch);
    }

    public java.util.UUID jobId() {
        return facts.jobId();
    }

    ClaimedJob withRequest(UpstreamEditRequest fetchedRequest) {
        return new ClaimedJob(facts, createdAt, startedAt, attempt, fetchedRequest, deadlineAt, List.of(), variants);
    }
}
