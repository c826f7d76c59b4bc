package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.events.ImageEditCanceled;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditPartialImage;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.edit.client.UpstreamEditRequest;
import dev.overtime.worker.edit.client.UpstreamFile;
import dev.overtime.worker.edit.messaging.LifecycleEvents;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import dev.overtime.worker.edit.persistence.ImageEditOutput;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job state machine. Every transition is a compare-and-set on (status, attempts, lease owner) in PostgreSQL,
 * so a redelivered record, a second worker, a reaper or a cancel racing with us changes nothing; each transition
 * writes its lifecycle event to the outbox in the same transaction.
 *
 * <pre>
 * queued --claim--> running --success--> succeeded
 *   ^  \               |  \--fatal / attempts or deadline used up--> failed
 *   |   \--deadline--> canceled (DEADLINE_EXCEEDED)
 *   +---- retry (not_before) / lease expired / handed back at shutdown
 * </pre>
 */
@ApplicationScoped
public class JobLifecycle {

    // Guards: still running, still our attempt, still our lease. A cancel or a takeover fails all three.
    private static final String OURS = " where id = :id and status = 'running' and attempts = :attempt and lease_owner = :worker";

    private final EntityManager em;
    private final LifecycleEvents events;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public JobLifecycle(EntityManager em, LifecycleEvents events, WorkerIdentity identity, WorkerConfig config) {
        this.em = em;
        this.events = events;
        this.identity = identity;
        this.config = config;
    }

    /**
     * Moves a queued, due job to running under this worker's lease and opens its attempt in the ledger; empty when
     * it is gone, not queued (a redelivery), not due yet, or past its deadline (then it ends canceled).
     */
    @Transactional
    public Optional<ClaimedJob> claim(UUID jobId) {
        ImageEditJob job = em.find(ImageEditJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            Log.warn("job not found; skipping the request");
            return Optional.empty();
        }
        if (!JobStatus.QUEUED.wireName().equals(job.status)) {
            Log.infof("job is %s, not queued; skipping the request", job.status);
            return Optional.empty();
        }
        Instant now = now();
        if (job.notBefore != null && job.notBefore.isAfter(now)) {
            Log.infof("job is not due before %s; the sweeper announces it then", job.notBefore);
            return Optional.empty();
        }
        if (job.deadlineAt != null && job.deadlineAt.isBefore(now)) {
            endPastDeadline(job, now);
            return Optional.empty();
        }
        int attempt = job.attempts + 1;
        Instant firstStart = job.startedAt != null ? job.startedAt : now;
        int claimed = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'running', attempts = :attempt, started_at = :startedAt,
                               lease_owner = :worker, lease_expires_at = now() + :leaseMs * interval '1 millisecond',
                               not_before = null, updated_at = :now, version = version + 1
                         where id = :id and status = 'queued' and attempts = :previous""")
                .setParameter("attempt", attempt)
                .setParameter("startedAt", firstStart)
                .setParameter("worker", identity.id())
                .setParameter("leaseMs", config.lease().toMillis())
                .setParameter("now", now)
                .setParameter("id", jobId)
                .setParameter("previous", job.attempts)
                .executeUpdate();
        if (claimed == 0) {
            return Optional.empty();
        }
        em.createNativeQuery("""
                        insert into image_edit_attempts (job_id, attempt, started_at, worker)
                        values (:id, :attempt, :now, :worker)""")
                .setParameter("id", jobId)
                .setParameter("attempt", attempt)
                .setParameter("now", now)
                .setParameter("worker", identity.id())
                .executeUpdate();
        JobFacts facts = facts(job);
        events.record(ImageEditStarted.TYPE, jobId, new ImageEditStarted(ImageEditStarted.SCHEMA_VERSION, facts,
                attempt, millisBetween(job.createdAt, firstStart), now));
        return Optional.of(new ClaimedJob(facts, job.createdAt, firstStart, attempt,
                upstreamRequest(job, ImageEditInput.forJob(jobId)), job.deadlineAt));
    }

    /** Stores the images and usage and ends the job succeeded; empty if it is no longer ours (canceled, taken over). */
    @Transactional
    public Optional<FinishedJob> recordSuccess(ClaimedJob job, AttemptRecord attempt, List<EditedImage> images,
                                               long upstreamLatencyMs) {
        closeAttempt(job.jobId(), attempt);
        Instant now = now();
        TokenUsage usage = attempt.usage();
        int updated = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'succeeded', input_tokens = :in, output_tokens = :out, total_tokens = :total,
                               lease_owner = null, lease_expires_at = null,
                               finished_at = :now, updated_at = :now, version = version + 1""" + OURS)
                .setParameter("in", usage.inputTokens())
                .setParameter("out", usage.outputTokens())
                .setParameter("total", usage.totalTokens())
                .setParameter("now", now)
                .setParameter("id", job.jobId())
                .setParameter("attempt", job.attempt())
                .setParameter("worker", identity.id())
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        // The primary key (job_id, position) and the guard above make this the job's one and only output set.
        for (EditedImage image : images) {
            ImageEditOutput output = new ImageEditOutput();
            output.jobId = job.jobId();
            output.position = image.position();
            output.contentType = image.contentType();
            output.width = image.width();
            output.height = image.height();
            output.sizeBytes = image.data().length;
            output.data = image.data();
            output.createdAt = now;
            output.persist();
        }
        FinishedJob finished = new FinishedJob(now, job.attempt());
        events.record(ImageEditSucceeded.TYPE, job.jobId(), new ImageEditSucceeded(ImageEditSucceeded.SCHEMA_VERSION,
                job.facts(), job.attempt(), queueWait(job), upstreamLatencyMs, millisBetween(job.createdAt(), now),
                images.size(), usage, now));
        return Optional.of(finished);
    }

    /**
     * Stores partial image {@code index} of a running job and announces it, in one transaction; false (and nothing
     * written) when the job is no longer ours or a previous attempt already stored that partial image.
     */
    @Transactional
    public boolean recordPartialImage(ClaimedJob job, int index, String contentType, byte[] data) {
        int inserted = em.createNativeQuery("""
                        insert into image_edit_partial_images (job_id, position, content_type, size_bytes, data, created_at)
                        select :id, :position, :contentType, :size, :data, :now
                         where exists (select 1 from image_edit_jobs""" + OURS + """
                        )
                        on conflict (job_id, position) do nothing""")
                .setParameter("position", index)
                .setParameter("contentType", contentType)
                .setParameter("size", data.length)
                .setParameter("data", new TypedParameterValue<>(StandardBasicTypes.BINARY, data))
                .setParameter("now", now())
                .setParameter("id", job.jobId())
                .setParameter("attempt", job.attempt())
                .setParameter("worker", identity.id())
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        events.record(ImageEditPartialImage.TYPE, job.jobId(), new ImageEditPartialImage(
                ImageEditPartialImage.SCHEMA_VERSION, job.facts(), index, contentType));
        return true;
    }

    /** Ends the job failed with a stable code; empty if it is no longer ours. {@code attempt} may be null. */
    @Transactional
    public Optional<FinishedJob> recordFailure(ClaimedJob job, AttemptRecord attempt, ErrorCode code, String message,
                                               long upstreamLatencyMs) {
        if (attempt != null) {
            closeAttempt(job.jobId(), attempt);
        }
        Instant now = now();
        int updated = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'failed', error_code = :code, error_message = :message,
                               lease_owner = null, lease_expires_at = null,
                               finished_at = :now, updated_at = :now, version = version + 1""" + OURS)
                .setParameter("code", code.name())
                .setParameter("message", message)
                .setParameter("now", now)
                .setParameter("id", job.jobId())
                .setParameter("attempt", job.attempt())
                .setParameter("worker", identity.id())
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        events.record(ImageEditFailed.TYPE, job.jobId(), new ImageEditFailed(ImageEditFailed.SCHEMA_VERSION,
                job.facts(), job.attempt(), queueWait(job), upstreamLatencyMs, millisBetween(job.createdAt(), now),
                code.name(), message, now));
        return Optional.of(new FinishedJob(now, job.attempt()));
    }

    /**
     * Puts the job back in the queue, due at {@code dueAt}; the consumer thread is free at once and the sweeper
     * announces the job when it is due. False if it is no longer ours.
     */
    @Transactional
    public boolean scheduleRetry(ClaimedJob job, AttemptRecord attempt, Instant dueAt) {
        closeAttempt(job.jobId(), attempt);
        return requeue(job, dueAt, false);
    }

    /** Hands the job back at shutdown: the attempt is recorded abandoned and the job announced again at once. */
    @Transactional
    public boolean handBack(ClaimedJob job, AttemptRecord attempt) {
        closeAttempt(job.jobId(), attempt);
        return requeue(job, null, true);
    }

    /** Records a call that was abandoned because the job stopped being ours (canceled, taken over). */
    @Transactional
    public void recordAbandonedAttempt(ClaimedJob job, AttemptRecord attempt) {
        closeAttempt(job.jobId(), attempt);
    }

    private boolean requeue(ClaimedJob job, Instant dueAt, boolean announceNow) {
        Instant now = now();
        int updated = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'queued', not_before = :due, lease_owner = null, lease_expires_at = null,
                               announced_at = case when :announce then :now else announced_at end,
                               updated_at = :now, version = version + 1""" + OURS)
                .setParameter("due", new TypedParameterValue<>(StandardBasicTypes.INSTANT, dueAt))
                .setParameter("announce", announceNow)
                .setParameter("now", now)
                .setParameter("id", job.jobId())
                .setParameter("attempt", job.attempt())
                .setParameter("worker", identity.id())
                .executeUpdate();
        if (updated == 0) {
            return false;
        }
        if (announceNow) {
            events.requestRun(job.jobId(), job.facts().owner(), null, job.createdAt());
        }
        return true;
    }

    /** Announces a queued job again right away (a record this worker received while shutting down). */
    @Transactional
    public void announceAgain(UUID jobId) {
        ImageEditJob job = em.find(ImageEditJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job != null && JobStatus.QUEUED.wireName().equals(job.status)) {
            job.announcedAt = now();
            events.requestRun(job.id, job.owner, job.requestId, job.createdAt);
        }
    }

    // ---------------------------------------------------------------- sweeper transitions

    /** Renews this worker's leases; answers which of {@code ours} are still running under our lease. */
    @Transactional
    public java.util.Set<UUID> renewLeases() {
        em.createNativeQuery("""
                        update image_edit_jobs set lease_expires_at = now() + :leaseMs * interval '1 millisecond'
                         where lease_owner = :worker and status = 'running'""")
                .setParameter("leaseMs", config.lease().toMillis())
                .setParameter("worker", identity.id())
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> held = em.createNativeQuery(
                        "select id from image_edit_jobs where lease_owner = :worker and status = 'running'", UUID.class)
                .setParameter("worker", identity.id())
                .getResultList();
        return java.util.Set.copyOf(held);
    }

    /**
     * Takes over running jobs whose lease expired (their worker died): the open attempt is recorded abandoned and
     * the job queued and announced again, or failed once its attempts are used up.
     */
    @Transactional
    public int reapExpiredLeases(int limit) {
        @SuppressWarnings("unchecked")
        List<ImageEditJob> expired = em.createNativeQuery("""
                        select * from image_edit_jobs
                         where status = 'running' and lease_expires_at < now()
                         order by lease_expires_at limit :limit for update skip locked""", ImageEditJob.class)
                .setParameter("limit", limit)
                .getResultList();
        Instant now = now();
        for (ImageEditJob job : expired) {
            Log.warnf("lease of job %s (attempt %d, worker %s) expired; taking it over", job.id, job.attempts,
                    job.leaseOwner);
            em.createNativeQuery("""
                            update image_edit_attempts
                               set error_code = :code,
                                   duration_ms = (extract(epoch from (:now - started_at)) * 1000)::bigint
                             where job_id = :id and attempt = :attempt and duration_ms is null""")
                    .setParameter("code", ErrorCode.ATTEMPT_ABANDONED.name())
                    .setParameter("now", now)
                    .setParameter("id", job.id)
                    .setParameter("attempt", job.attempts)
                    .executeUpdate();
            job.leaseOwner = null;
            job.leaseExpiresAt = null;
            job.updatedAt = now;
            job.version++;
            if (job.attempts >= config.retry().maxAttempts()) {
                String message = "the worker running this job stopped responding on every attempt";
                job.status = JobStatus.FAILED.wireName();
                job.errorCode = ErrorCode.ATTEMPT_ABANDONED.name();
                job.errorMessage = message;
                job.finishedAt = now;
                events.record(ImageEditFailed.TYPE, job.id, new ImageEditFailed(ImageEditFailed.SCHEMA_VERSION,
                        facts(job), job.attempts, millisBetween(job.createdAt, job.startedAt), 0,
                        millisBetween(job.createdAt, now), job.errorCode, message, now));
            } else {
                job.status = JobStatus.QUEUED.wireName();
                job.notBefore = null;
                job.announcedAt = now;
                events.requestRun(job.id, job.owner, job.requestId, job.createdAt);
            }
        }
        return expired.size();
    }

    /** Ends queued jobs whose deadline passed: canceled if never started, failed if a retry was still waiting. */
    @Transactional
    public int expireDeadlines(int limit) {
        @SuppressWarnings("unchecked")
        List<ImageEditJob> late = em.createNativeQuery("""
                        select * from image_edit_jobs
                         where status = 'queued' and deadline_at < now()
                         limit :limit for update skip locked""", ImageEditJob.class)
                .setParameter("limit", limit)
                .getResultList();
        Instant now = now();
        late.forEach(job -> endPastDeadline(job, now));
        return late.size();
    }

    /**
     * Writes a request record for every queued job that is due and not announced since it became due, or whose last
     * record is older than {@code overtime.worker.requeue-stale-after} (lost, or received while the database was away).
     */
    @Transactional
    public int announceDue(int limit) {
        @SuppressWarnings("unchecked")
        List<ImageEditJob> due = em.createNativeQuery("""
                        select * from image_edit_jobs
                         where status = 'queued' and coalesce(not_before, created_at) <= now()
                           and coalesce(announced_at, created_at)
                               < greatest(coalesce(not_before, '-infinity'::timestamptz),
                                          now() - :staleMs * interval '1 millisecond')
                         order by coalesce(not_before, created_at) limit :limit for update skip locked""",
                        ImageEditJob.class)
                .setParameter("staleMs", config.requeueStaleAfter().toMillis())
                .setParameter("limit", limit)
                .getResultList();
        Instant now = now();
        for (ImageEditJob job : due) {
            job.announcedAt = now;
            events.requestRun(job.id, job.owner, job.requestId, job.createdAt);
        }
        return due.size();
    }

    // ---------------------------------------------------------------- helpers

    private void endPastDeadline(ImageEditJob job, Instant now) {
        boolean neverStarted = job.attempts == 0;
        String message = neverStarted ? "the job did not start before its deadline"
                : "the deadline passed while a retry was waiting";
        Log.infof("job %s passed its deadline %s; ending it %s", job.id, job.deadlineAt,
                neverStarted ? "canceled" : "failed");
        job.status = neverStarted ? JobStatus.CANCELED.wireName() : JobStatus.FAILED.wireName();
        job.errorCode = ErrorCode.DEADLINE_EXCEEDED.name();
        job.errorMessage = message;
        job.finishedAt = now;
        job.updatedAt = now;
        job.notBefore = null;
        job.version++;
        if (neverStarted) {
            events.record(ImageEditCanceled.TYPE, job.id, new ImageEditCanceled(ImageEditCanceled.SCHEMA_VERSION,
                    facts(job), 0, job.errorCode, now));
        } else {
            events.record(ImageEditFailed.TYPE, job.id, new ImageEditFailed(ImageEditFailed.SCHEMA_VERSION,
                    facts(job), job.attempts, millisBetween(job.createdAt, job.startedAt), 0,
                    millisBetween(job.createdAt, now), job.errorCode, message, now));
        }
    }

    private void closeAttempt(UUID jobId, AttemptRecord attempt) {
        TokenUsage usage = attempt.usage();
        em.createNativeQuery("""
                        update image_edit_attempts
                           set duration_ms = :duration, http_status = :status, upstream_request_id = :requestId,
                               error_code = :code, input_tokens = :in, output_tokens = :out, total_tokens = :total
                         where job_id = :id and attempt = :attempt""")
                .setParameter("duration", attempt.durationMs())
                .setParameter("status", new TypedParameterValue<>(StandardBasicTypes.INTEGER, attempt.httpStatus()))
                .setParameter("requestId", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.upstreamRequestId()))
                .setParameter("code", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        attempt.errorCode() == null ? null : attempt.errorCode().name()))
                .setParameter("in", tokens(usage == null ? null : usage.inputTokens()))
                .setParameter("out", tokens(usage == null ? null : usage.outputTokens()))
                .setParameter("total", tokens(usage == null ? null : usage.totalTokens()))
                .setParameter("id", jobId)
                .setParameter("attempt", attempt.attempt())
                .executeUpdate();
    }

    private static TypedParameterValue<Long> tokens(Long value) {
        return new TypedParameterValue<>(StandardBasicTypes.LONG, value);
    }

    private static long queueWait(ClaimedJob job) {
        return millisBetween(job.createdAt(), job.startedAt());
    }

    static long millisBetween(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }

    // PostgreSQL keeps microseconds; truncating keeps what we return equal to what we stored.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
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
                job.outputFormat, job.outputCompression, job.inputFidelity, job.endUser, job.partialImages, images, mask);
    }

    private static UpstreamFile file(ImageEditInput input) {
        return new UpstreamFile(input.filename, input.contentType, input.data);
    }
}
