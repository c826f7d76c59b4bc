package dev.overtime.api.imageedit.view;

import dev.overtime.api.imageedit.persistence.AttemptSummary;
import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.persistence.JobQueries;
import dev.overtime.api.imageedit.persistence.OutputSummary;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.api.push.estimate.Estimate;
import dev.overtime.api.push.estimate.QueueEstimates;
import dev.overtime.common.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a job as every answer shows it — status, submit, cancel, SSE, WebSocket, {@code Prefer: wait}, webhooks —
 * with its outputs, attempt log and queue estimate, in one transaction. Status reads go through {@link JobStatusReads}.
 */
@ApplicationScoped
public class JobReads {

    private final JobQueries queries;
    private final QueueEstimates estimates;
    private final ModelRetirements retirements;

    public JobReads(JobQueries queries, QueueEstimates estimates, ModelRetirements retirements) {
        this.queries = queries;
        this.estimates = estimates;
        this.retirements = retirements;
    }

    /** The job with this id as it is now, whoever owns it (callers check the owner); empty if there is none. */
    @Transactional
    public Optional<JobSnapshot> load(UUID id) {
        return Optional.ofNullable(ImageEditJob.<ImageEditJob>findById(id)).map(this::read);
    }

    /** A job already read: its full view, with the queue estimate while it is not finished. */
    @Transactional
    public JobSnapshot read(ImageEditJob job) {
        return snapshot(job, queries.outputs(job.id), queries.attempts(job.id), null);
    }

    /** A job stored by the caller's transaction a moment ago (flushed, so it has its queue ticket; no outputs yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobSnapshot accepted(ImageEditJob job, boolean degraded) {
        return snapshot(job, List.of(), List.of(), degraded);
    }

    private JobSnapshot snapshot(ImageEditJob job, List<OutputSummary> outputs, List<AttemptSummary> attempts,
                                 Boolean degraded) {
        JobStatus status = JobStatus.fromWire(job.status);
        Estimate estimate = estimates.estimate(status, job.queueTicket, job.startedAt);
        JobView view = JobViews.of(job, retirements.notice(job.model).orElse(null), outputs, attempts, degraded,
                estimate.queuePosition());
        return new JobSnapshot(job.id, job.owner, status, job.version, view, estimate.retryAfterSeconds());
    }
}
