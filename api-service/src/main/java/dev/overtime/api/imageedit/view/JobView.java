package dev.overtime.api.imageedit.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.overtime.api.imageedit.persistence.AttemptSummary;
import dev.overtime.api.models.ModelNotice;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.cost.JobCost;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as frontends see it: status, timestamps, outputs with URLs, usage and the attempt log.
 * {@code degraded} appears only on the submit answer: true when a fallback stood in for an upstream.
 * {@code queuePosition} appears while the job is queued (1 = next), except in the list and in a replayed submit.
 * {@code batchId} appears on a job that is an item of a batch. {@code modelSubstitutedFrom} appears when the model
 * asked for was retired and the job runs on its successor ({@code model}); {@code modelNotice} while {@code model}
 * is deprecated or has a sunset configured (read from the configuration, not stored with the job). {@code cost} is
 * what OpenAI billed for the job's attempts so far, priced at the table in force when each ran ({@code usd} a decimal
 * string; an attempt that failed without usage costs nothing and is not among {@code billedAttempts}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(UUID id, String object, String status, String model, String modelSubstitutedFrom,
                      ModelNotice modelNotice, String prompt, int n, String size,
                      String quality, String background, String outputFormat, Instant createdAt, Instant startedAt,
                      Instant finishedAt, int attempts, ErrorView error, List<OutputView> outputs, UsageView usage,
                      JobCost cost, List<AttemptSummary> attemptLog, Moderation moderation, Links links, Boolean degraded,
                      Integer queuePosition, UUID batchId) {

    /** {@code passed}, or {@code skipped} when moderation was off or unavailable and the job was accepted anyway. */
    public record Moderation(String status) {
    }

    /**
     * {@code moderation} appears on a {@code MODERATION_BLOCKED} failure whose upstream said why: the stage
     * ({@code input} or {@code output}) and categories OpenAI's safety system named. Unlike the job's own
     * {@code moderation} (Overtime's check before accepting), it is OpenAI's verdict on the edit it was sent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorView(String code, String message, UpstreamModeration moderation) {
    }

    /**
     * {@code url} is the API's own path, stable across calls (it answers with a short-lived link to the bytes).
     * {@code expiresAt}: when retention deletes the output; {@code expired}: it has been, and {@code url} answers 410.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputView(int index, String url, String contentType, int width, int height, int bytes,
                             Instant expiresAt, boolean expired, List<VariantView> variants) {
    }

    /** A sized copy of an output ({@code variants} on submit); {@code url} serves it like the output's. */
    public record VariantView(String name, int width, int height, String contentType, int bytes, String url) {
    }

    public record UsageView(long inputTokens, long outputTokens, long totalTokens) {
    }

    public record Links(String self, String outputs) {
    }

    /** The same view without its queue position, which would be stale wherever the view is kept for later. */
    public JobView withoutQueuePosition() {
        return new JobView(id, object, status, model, modelSubstitutedFrom, modelNotice, prompt, n, size, quality,
                background, outputFormat, createdAt,
                startedAt, finishedAt, attempts, error, outputs, usage, cost, attemptLog, moderation, links, degraded, null, batchId);
    }
}
