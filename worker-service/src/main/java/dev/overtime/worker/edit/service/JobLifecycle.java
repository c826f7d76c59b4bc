package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.edit.client.UpstreamEditRequest;
import dev.overtime.worker.edit.client.UpstreamFile;
import dev.overtime.worker.edit.persistence.ImageEditAttempt;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import dev.overtime.worker.edit.persistence.ImageEditOutput;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves a job through running to a terminal status. Every status change is a guarded update on the expected current
 * status, so a redelivered request, a second worker or a cancel racing with us changes nothing.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final String CLAIM = """
            update image_edit_jobs
               set status = 'running', attempts = attempts + 1, started_at = now(), updated_at = now(),
                   version = version + 1
             where id = ?1 and status = 'queued'""";

    private static final String SUCCEED = """
            update image_edit_jobs
               set status = 'succeeded', input_tokens = ?2, output_tokens = ?3, total_tokens = ?4,
                   finished_at = now(), updated_at = now(), version = version + 1
             where id = ?1 and status = 'running'""";

    private static final String FAIL = """
            update image_edit_jobs
               set status = 'failed', error_code = ?2, error_message = ?3,
                   finished_at = now(), updated_at = now(), version = version + 1
             where id = ?1 and status = 'running'""";

    private final EntityManager em;

    public JobLifecycle(EntityManager em) {
        this.em = em;
    }

    /** Marks a queued job running; empty when it is gone or no longer queued, which makes redelivery a no-op. */
    @Transactional
    public Optional<ClaimedJob> claim(UUID jobId) {
        ImageEditJob job = ImageEditJob.findById(jobId);
        if (job == null) {
            Log.warn("job not found; skipping the request");
            return Optional.empty();
        }
        if (!JobStatus.QUEUED.wireName().equals(job.status)) {
            Log.infof("job is %s, not queued; skipping the request", job.status);
            return Optional.empty();
        }
        if (em.createNativeQuery(CLAIM).setParameter(1, jobId).executeUpdate() == 0) {
            Log.info("job left queued before this worker could claim it; skipping the request");
            return Optional.empty();
        }
        em.refresh(job);
        return Optional.of(new ClaimedJob(facts(job), job.createdAt, job.startedAt, job.attempts,
                upstreamRequest(job, ImageEditInput.forJob(jobId))));
    }

    /** Stores the images and usage and marks the job succeeded; empty if it stopped running meanwhile (canceled). */
    @Transactional
    public Optional<FinishedJob> recordSuccess(UUID jobId, AttemptRecord attempt, List<EditedImage> images) {
        persistAttempt(jobId, attempt);
        TokenUsage usage = attempt.usage();
        int updated = em.createNativeQuery(SUCCEED)
                .setParameter(1, jobId)
                .setParameter(2, usage.inputTokens())
                .setParameter(3, usage.outputTokens())
                .setParameter(4, usage.totalTokens())
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        ImageEditJob job = reloaded(jobId);
        for (EditedImage image : images) {
            ImageEditOutput output = new ImageEditOutput();
            output.jobId = jobId;
            output.position = image.position();
            output.contentType = image.contentType();
            output.width = image.width();
            output.height = image.height();
            output.sizeBytes = image.data().length;
            output.data = image.data();
            output.createdAt = job.finishedAt;
            output.persist();
        }
        return Optional.of(new FinishedJob(job.finishedAt, job.attempts));
    }

    /** Marks the job failed with a stable code; empty if it stopped running meanwhile (canceled). */
    @Transactional
    public Optional<FinishedJob> recordFailure(UUID jobId, AttemptRecord attempt, ErrorCode code, String message) {
        if (attempt != null) {
            persistAttempt(jobId, attempt);
        }
        int updated = em.createNativeQuery(FAIL)
                .setParameter(1, jobId)
                .setParameter(2, code.name())
                .setParameter(3, message)
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        ImageEditJob job = reloaded(jobId);
        return Optional.of(new FinishedJob(job.finishedAt, job.attempts));
    }

    private ImageEditJob reloaded(UUID jobId) {
        ImageEditJob job = ImageEditJob.findById(jobId);
        em.refresh(job);
        return job;
    }

    private static void persistAttempt(UUID jobId, AttemptRecord attempt) {
        ImageEditAttempt row = new ImageEditAttempt();
        row.jobId = jobId;
        row.attempt = attempt.attempt();
        row.startedAt = attempt.startedAt();
        row.durationMs = attempt.durationMs();
        row.httpStatus = attempt.httpStatus();
        row.upstreamRequestId = attempt.upstreamRequestId();
        row.errorCode = attempt.errorCode() == null ? null : attempt.errorCode().name();
        if (attempt.usage() != null) {
            row.inputTokens = attempt.usage().inputTokens();
            row.outputTokens = attempt.usage().outputTokens();
            row.totalTokens = attempt.usage().totalTokens();
        }
        row.persist();
    }

    private static JobFacts facts(ImageEditJob job) {
        return new JobFacts(job.id, job.owner, job.model, job.size, job.quality, job.n);
    }

    private static UpstreamEditRequest upstreamRequest(ImageEditJob job, List<ImageEditInput> inputs) {
        List<UpstreamFile> images = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_IMAGE.equals(input.role))
                .map(JobLifecycle::file)
                .toList();
        UpstreamFile mask = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_MASK.equals(input.role))
                .map(JobLifecycle::file)
                .findFirst()
                .orElse(null);
        return new UpstreamEditRequest(job.model, job.prompt, job.n, job.size, job.quality, job.background,
                job.outputFormat, job.outputCompression, job.inputFidelity, job.endUser, images, mask);
    }

    private static UpstreamFile file(ImageEditInput input) {
        return new UpstreamFile(input.filename, input.contentType, input.data);
    }
}
