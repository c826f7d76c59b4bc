package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.TokenUsage;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.common.events.JobFacts;
import dev.overtime.worker.config.RetentionConfig;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.cost.CostLedger;
import dev.overtime.worker.edit.events.LifecycleEvents;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import dev.overtime.worker.edit.persistence.ImageEditOutput;
import dev.overtime.worker.edit.schedule.FairQueue;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongPredicate;

import static dev.overtime.worker.edit.service.JobClock.millisBetween;
import static dev.overtime.worker.edit.service.JobClock.now;

/**
 * The transitions of one edit as this worker runs it (the sweeper's live in {@code lease.SweeperTransitions},
 * deadlines in {@link JobDeadlines}, partial images in {@link PartialImages}). Every transition is a compare-and-set
 * on (status, attempts, lease owner) in PostgreSQL, so a redelivered record, a second worker, a reaper or a cancel
 * racing with us changes nothing; each transition writes its lifecycle event to the outbox in the same transaction.
 *
 * <pre>
 * queued --claim (fair order)--> running --success--> succeeded
 *   ^  \               |  \--fatal / attempts or deadline used up--> failed
 *   |   \--deadline--> canceled (DEADLINE_EXCEEDED)
 *   +---- retry (not_before) / lease expired / handed back at shutdown
 * </pre>
 */
@ApplicationScoped
public class JobLifecycle {

    // Owners whose head job one claim tries before it gives up: one is usually enough; more cover owners whose
    // claim another worker holds right now.
    static final int TURNS_TRIED = 16;

    // Guards: still running, still our attempt, still our lease. A cancel or a takeover fails all three.
    static final String OURS = " where id = :id and status = 'running' and attempts = :attempt and lease_owner = :worker";

    private final EntityManager em;
    private final LifecycleEvents events;
    private final AttemptLedger ledger;
    private final JobDeadlines deadlines;
    private final WorkerIdentity identity;
    private final UpstreamRequests requests;
    private final WorkerConfig config;
    private final RetentionConfig retention;
    private final FairQueue fair;
    private final EditCosts editCosts;
    private final CostLedger costs;

    public JobLifecycle(EntityManager em, LifecycleEvents events, AttemptLedger ledger, JobDeadlines deadlines,
                        WorkerIdentity identity, UpstreamRequests requests, WorkerConfig config,
                        RetentionConfig retention, FairQueue fair, EditCosts editCosts, CostLedger costs) {
        this.fair = fair;
        this.editCosts = editCosts;
        this.costs = costs;
        this.em = em;
        this.events = events;
        this.ledger = ledger;
        this.deadlines = deadlines;
        this.identity = identity;
        this.requests = requests;
        this.config = config;
        this.retention = retention;
    }

    /**
     * Claims the next edit in fair order ({@link FairQueue}): the head job of the first owner whose turn it is, moved
     * to running under this worker's lease with its attempt opened in the ledger. {@code fits} is asked whether the
     * chosen job's bytes ({@link EditCosts}) fit the memory this claim holds; when they don't, nothing is claimed
     * and the answer says how much room to wait for. Queued jobs found past their deadline on the way end canceled.
     */
    @Transactional
    public NextClaim claimNext(LongPredicate fits) {
        fair.takeTurnOrder();
        for (FairQueue.Turn turn : fair.turns(TURNS_TRIED)) {
            Optional<ImageEditJob> head = fair.lockHead(turn);
            if (head.isEmpty()) {
                continue;
            }
            ImageEditJob job = head.get();
            Instant now = now();
            if (job.deadlineAt != null && job.deadlineAt.isBefore(now)) {
                deadlines.endPastDeadline(job, now);
                continue;
            }
            long bytes = editCosts.of(job.id);
            if (!fits.test(bytes)) {
                return new NextClaim.NeedsRoom(bytes);
            }
            Optional<ClaimedJob> claimed = start(job, now);
            if (claimed.isPresent()) {
                fair.started(job.owner, now);
                return new NextClaim.Claimed(claimed.get());
            }
        }
        return NextClaim.NONE_ELIGIBLE;
    }

    // Moves a locked, queued, due job to running; empty if it changed under us after all.
    private Optional<ClaimedJob> start(ImageEditJob job, Instant now) {
        UUID jobId = job.id;
        int attempt = job.attempts + 1;
        Instant firstStart = job.startedAt != null ? job.startedAt : now;
        int claimed = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'running', attempts = :attempt, started_at = :startedAt,
                               lease_owner = :worker,
                               lease_expires_at = clock_timestamp() + :leaseMs * interval '1 millisecond',
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
        ledger.open(jobId, attempt, now, identity.id());
        JobFacts facts = job.facts();
        events.record(ImageEditStarted.TYPE, jobId, new ImageEditStarted(ImageEditStarted.SCHEMA_VERSION, facts,
                attempt, millisBetween(job.createdAt, firstStart), now));
        List<ImageEditInput> inputs = ImageEditInput.forJob(jobId);
        List<ClaimedJob.UrlInput> toFetch = inputs.stream().filter(ImageEditInput::awaitsFetch)
                .map(input -> new ClaimedJob.UrlInput(input.role, input.position, input.sourceUrl))
                .toList();
        return Optional.of(new ClaimedJob(facts, job.createdAt, firstStart, attempt,
                toFetch.isEmpty() ? requests.of(job, inputs) : null, job.deadlineAt, toFetch, job.variants));
    }

    /**
     * Records the images and their variants (already in the bucket) and usage and ends the job succeeded; empty if it is no longer ours
     * (canceled, taken over), and then nothing refers to the images.
     */
    @Transactional
    public Optional<FinishedJob> recordSuccess(ClaimedJob job, AttemptRecord attempt, List<EditedImage> images,
                                               List<OutputVariants.StoredVariant> variants, long upstreamLatencyMs) {
        ledger.close(job.jobId(), job.facts().model(), attempt);
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
            // Generated and billed, but not this job's result: the ledger must not call the attempt a success.
            ledger.discarded(job.jobId(), job.attempt());
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
            output.sizeBytes = Math.toIntExact(image.sizeBytes());
            // Stored under ObjectKeys.output(job, attempt, position): the attempt is enough to find it again.
            output.attempt = (short) job.attempt();
            output.sha256 = image.sha256Hex();
            output.expiresAt = now.plus(retention.outputs());
            output.createdAt = now;
            output.persist();
        }
        for (OutputVariants.StoredVariant variant : variants) {
            em.createNativeQuery("""
                            insert into image_edit_output_variants (job_id, position, name, content_type, width, height,
                                                                    size_bytes, object_key, sha256, expires_at)
                            values (:job, :position, :name, :type, :width, :height, :size, :key, decode(:sha, 'hex'),
                                    :expires)""")
                    .setParameter("job", job.jobId())
                    .setParameter("position", variant.position())
                    .setParameter("name", variant.name())
                    .setParameter("type", variant.contentType())
                    .setParameter("width", variant.width())
                    .setParameter("height", variant.height())
                    .setParameter("size", Math.toIntExact(variant.sizeBytes()))
                    .setParameter("key", variant.objectKey())
                    .setParameter("sha", variant.sha256Hex())
                    .setParameter("expires", now.plus(retention.outputs()))
                    .executeUpdate();
        }
        FinishedJob finished = new FinishedJob(now, job.attempt());
        events.record(ImageEditSucceeded.TYPE, job.jobId(), new ImageEditSucceeded(ImageEditSucceeded.SCHEMA_VERSION,
                job.facts(), job.attempt(), queueWait(job), upstreamLatencyMs, millisBetween(job.createdAt(), now),
                images.size(), usage, now, costs.of(job.jobId())));
        return Optional.of(finished);
    }

    /**
     * Ends the job failed with a stable code, and what the upstream's safety system said when it refused the edit;
     * empty if it is no longer ours. {@code attempt} and {@code moderation} may be null.
     */
    @Transactional
    public Optional<FinishedJob> recordFailure(ClaimedJob job, AttemptRecord attempt, ErrorCode code, String message,
                                               UpstreamModeration moderation, long upstreamLatencyMs) {
        if (attempt != null) {
            ledger.close(job.jobId(), job.facts().model(), attempt);
        }
        Instant now = now();
        int updated = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'failed', error_code = :code, error_message = :message,
                               error_moderation_stage = :stage,
                               error_moderation_categories = cast(:categories as text[]),
                               lease_owner = null, lease_expires_at = null,
                               finished_at = :now, updated_at = :now, version = version + 1""" + OURS)
                .setParameter("code", code.name())
                .setParameter("message", message)
                .setParameter("stage", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        moderation == null ? null : moderation.stage()))
                .setParameter("categories", new TypedParameterValue<>(StandardBasicTypes.STRING,
                        moderation == null ? null : textArray(moderation.categories())))
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
                code.name(), message, now, moderation, costs.of(job.jobId())));
        return Optional.of(new FinishedJob(now, job.attempt()));
    }

    /**
     * Puts the job back in the queue, due at {@code dueAt}; the consumer thread is free at once and the sweeper
     * announces the job when it is due. False if it is no longer ours.
     */
    @Transactional
    public boolean scheduleRetry(ClaimedJob job, AttemptRecord attempt, Instant dueAt) {
        ledger.close(job.jobId(), job.facts().model(), attempt);
        return requeue(job, dueAt, false);
    }

    /** Hands the job back at shutdown: the attempt is recorded abandoned and the job announced again at once. */
    @Transactional
    public boolean handBack(ClaimedJob job, AttemptRecord attempt) {
        ledger.close(job.jobId(), job.facts().model(), attempt);
        return requeue(job, null, true);
    }

    /** Records a call that was abandoned because the job stopped being ours (canceled, taken over). */
    @Transactional
    public void recordAbandonedAttempt(ClaimedJob job, AttemptRecord attempt) {
        ledger.close(job.jobId(), job.facts().model(), attempt);
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

    // PostgreSQL's text form of an array, bound as a string and cast in SQL so that "no moderation" binds as a typed
    // null. UpstreamModeration admits no quote or backslash; quoting each element keeps a space inside it.
    private static String textArray(List<String> values) {
        StringBuilder text = new StringBuilder("{");
        for (String value : values) {
            text.append(text.length() == 1 ? "" : ",").append('"')
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text.append('}').toString();
    }

    private static long queueWait(ClaimedJob job) {
        return millisBetween(job.createdAt(), job.startedAt());
    }
}
