package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.events.ImageEditCanceled;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.worker.cost.CostLedger;
import dev.overtime.worker.edit.events.LifecycleEvents;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

import static dev.overtime.worker.edit.service.JobClock.millisBetween;

/**
 * Ends queued jobs whose caller-set deadline passed: canceled if they never started, failed if a retry was still
 * waiting. A claim finds it on one job; the sweeper looks for all of them.
 */
@ApplicationScoped
public class JobDeadlines {

    private final EntityManager em;
    private final LifecycleEvents events;

    private final CostLedger costs;

    public JobDeadlines(EntityManager em, LifecycleEvents events, CostLedger costs) {
        this.costs = costs;
        this.em = em;
        this.events = events;
    }

    /** Ends up to {@code limit} queued jobs past their deadline; answers how many. */
    @Transactional
    public int expireDeadlines(int limit) {
        @SuppressWarnings("unchecked")
        List<ImageEditJob> late = em.createNativeQuery("""
                        select * from image_edit_jobs
                         where status = 'queued' and deadline_at < now()
                         limit :limit for update skip locked""", ImageEditJob.class)
                .setParameter("limit", limit)
                .getResultList();
        Instant now = JobClock.now();
        late.forEach(job -> endPastDeadline(job, now));
        return late.size();
    }

    /** Ends {@code job}, locked and queued, whose deadline passed before {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    void endPastDeadline(ImageEditJob job, Instant now) {
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
                    job.facts(), 0, job.errorCode, now));
        } else {
            events.record(ImageEditFailed.TYPE, job.id, new ImageEditFailed(ImageEditFailed.SCHEMA_VERSION,
                    job.facts(), job.attempts, millisBetween(job.createdAt, job.startedAt), 0,
                    millisBetween(job.createdAt, now), job.errorCode, message, now, null, costs.of(job.id)));
        }
    }
}
