package dev.overtime.worker.edit.lease;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.JobStatus;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.worker.config.WorkerConfig;
import dev.overtime.worker.cost.CostLedger;
import dev.overtime.worker.edit.events.LifecycleEvents;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import dev.overtime.worker.edit.service.AttemptLedger;
import dev.overtime.worker.edit.service.JobClock;
import dev.overtime.worker.edit.service.WorkerIdentity;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.overtime.worker.edit.service.JobClock.millisBetween;

/**
 * The sweeper's transitions on many jobs at once: renew this worker's leases, take over jobs whose lease expired,
 * and announce queued jobs that are due. {@code FOR UPDATE SKIP LOCKED} keeps two workers off the same row; each
 * change writes its lifecycle event or request record to the outbox in the same transaction.
 */
@ApplicationScoped
public class SweeperTransitions {

    private final EntityManager em;
    private final LifecycleEvents events;
    private final AttemptLedger ledger;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    private final CostLedger costs;

    public SweeperTransitions(EntityManager em, LifecycleEvents events, AttemptLedger ledger, WorkerIdentity identity,
                              WorkerConfig config, CostLedger costs) {
        this.costs = costs;
        this.em = em;
        this.events = events;
        this.ledger = ledger;
        this.identity = identity;
        this.config = config;
    }

    /**
     * Renews this worker's leases that were not renewed within the last sweep interval; answers which of {@code ours}
     * are still running under our lease. Every second heartbeat renews (30 s leases: every 10 s, never less than 20 s
     * left), each renewal a new version of the job row: halving them halves the job table's churn and its WAL.
     */
    @Transactional
    public Set<UUID> renewLeases() {
        em.createNativeQuery("""
                        update image_edit_jobs set lease_expires_at = clock_timestamp() + :leaseMs * interval '1 millisecond'
                         where lease_owner = :worker and status = 'running'
                           and lease_expires_at < clock_timestamp() + :renewBelowMs * interval '1 millisecond'""")
                .setParameter("leaseMs", config.lease().toMillis())
                .setParameter("renewBelowMs", config.lease().minus(config.sweepInterval()).toMillis())
                .setParameter("worker", identity.id())
                .executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> held = em.createNativeQuery(
                        "select id from image_edit_jobs where lease_owner = :worker and status = 'running'", UUID.class)
                .setParameter("worker", identity.id())
                .getResultList();
        return Set.copyOf(held);
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
        Instant now = JobClock.now();
        for (ImageEditJob job : expired) {
            Log.warnf("lease of job %s (attempt %d, worker %s) expired; taking it over", job.id, job.attempts,
                    job.leaseOwner);
            ledger.abandon(job.id, job.attempts, now);
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
                        job.facts(), job.attempts, millisBetween(job.createdAt, job.startedAt), 0,
                        millisBetween(job.createdAt, now), job.errorCode, message, now, null, costs.of(job.id)));
            } else {
                job.status = JobStatus.QUEUED.wireName();
                job.notBefore = null;
                job.announcedAt = now;
                events.requestRun(job.id, job.owner, job.requestId, job.createdAt);
            }
        }
        return expired.size();
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
        Instant now = JobClock.now();
        for (ImageEditJob job : due) {
            job.announcedAt = now;
            events.requestRun(job.id, job.owner, job.requestId, job.createdAt);
        }
        return due.size();
    }
}
