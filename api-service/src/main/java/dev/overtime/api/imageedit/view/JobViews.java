package dev.overtime.api.imageedit.view;

import dev.overtime.api.imageedit.persistence.AttemptSummary;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.persistence.OutputSummary;
import dev.overtime.api.models.ModelNotice;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.cost.JobCost;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Maps stored jobs to their API shape; the one place that builds a {@link JobView} and knows the URL layout. */
public final class JobViews {

    public static final String BASE = "/v1/image-edits";

    private JobViews() {
    }

    public static String self(ImageEditJob job) {
        return BASE + "/" + job.id;
    }

    /** A list entry: no outputs, attempt log or queue position (a page would need a query per job for them). */
    public static JobView summary(ImageEditJob job, ModelNotice modelNotice) {
        return of(job, modelNotice, List.of(), null, null, null);
    }

    static JobView of(ImageEditJob job, ModelNotice modelNotice, List<OutputSummary> outputs,
                      List<AttemptSummary> attempts, Boolean degraded, Integer queuePosition) {
        String self = self(job);
        List<JobView.OutputView> outputViews = outputs.stream()
                .map(o -> new JobView.OutputView(o.position(), self + "/outputs/" + o.position(), o.contentType(),
                        o.width(), o.height(), o.sizeBytes(), o.expiresAt(),
                        // From the row, not the clock: the view changes only with the job's version, so ETags hold.
                        o.deleted(),
                        o.variants().isEmpty() ? null : o.variants().stream()
                                .map(v -> new JobView.VariantView(v.name(), v.width(), v.height(), v.contentType(),
                                        v.sizeBytes(), self + "/outputs/" + o.position() + "/variants/" + v.name()))
                                .toList()))
                .toList();
        JobView.ErrorView error = job.errorCode == null ? null
                : new JobView.ErrorView(job.errorCode, job.errorMessage, moderation(job));
        JobView.UsageView usage = job.totalTokens == null ? null
                : new JobView.UsageView(nz(job.inputTokens), nz(job.outputTokens), nz(job.totalTokens));
        JobView.Moderation moderation = job.moderationStatus == null ? null
                : new JobView.Moderation(job.moderationStatus);
        return new JobView(job.id, "image_edit", job.status, job.model, job.modelSubstitutedFrom, modelNotice,
                job.prompt, job.n, job.size, job.quality, job.background, job.outputFormat, job.createdAt,
                job.startedAt, job.finishedAt, job.attempts, error, outputViews, usage, cost(job), attempts, moderation,
                new JobView.Links(self, outputs.isEmpty() ? null : self + "/outputs/0"), degraded, queuePosition,
                job.batchId);
    }

    // The worker stored it bounded already; bounding again costs nothing and keeps a row written some other way
    // from breaking (or bloating) every answer about the job.
    private static UpstreamModeration moderation(ImageEditJob job) {
        return job.errorModerationCategories == null ? null
                : UpstreamModeration.bounded(job.errorModerationStage, Arrays.asList(job.errorModerationCategories))
                        .orElse(null);
    }

    // A job just stored has not been read back: the columns' defaults (nothing billed) stand in.
    private static JobCost cost(ImageEditJob job) {
        return JobCost.of(job.costUsd == null ? BigDecimal.ZERO : job.costUsd,
                job.billedAttempts == null ? 0 : job.billedAttempts);
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }
}
