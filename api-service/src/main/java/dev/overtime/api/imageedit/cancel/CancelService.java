package dev.overtime.api.imageedit.cancel;

import dev.overtime.api.imageedit.persistence.ImageEditJob;
import dev.overtime.api.imageedit.service.JobChanged;
import dev.overtime.api.metrics.JobMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Cancels a job with one guarded update: a queued job ends canceled at once; a running one too, and its worker
 * notices at its next heartbeat (the lease is no longer held) and aborts the upstream call; a finished job is
 * left as it is.
 */
@ApplicationScoped
public class CancelService {

    private final EntityManager em;
    private final Event<JobChanged> changes;
    private final CancellationAnnouncement announcement;
    private final JobMetrics metrics;

    public CancelService(EntityManager em, Event<JobChanged> changes, CancellationAnnouncement announcement,
                         JobMetrics metrics) {
        this.em = em;
        this.metrics = metrics;
        this.changes = changes;
        this.announcement = announcement;
    }

    /** The job after the cancel (possibly unchanged); empty when the owner has no such job. */
    @Transactional
    public Optional<ImageEditJob> cancel(UUID jobId, String owner) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int canceled = em.createNativeQuery("""
                        update image_edit_jobs
                           set status = 'canceled', error_code = 'CANCELED', error_message = 'canceled by the caller',
                               finished_at = :now, updated_at = :now, lease_owner = null, lease_expires_at = null,
                               not_before = null, version = version + 1
                         where id = :id and owner = :owner and status in ('queued', 'running')""")
                .setParameter("now", now)
                .setParameter("id", jobId)
                .setParameter("owner", owner)
                .executeUpdate();
        // The entity may be cached in this session from before the update; read the row as it is now.
        ImageEditJob job = ImageEditJob.<ImageEditJob>find("id = ?1 and owner = ?2", jobId, owner).firstResult();
        if (job != null) {
            em.refresh(job);
        }
        if (canceled > 0) {
            announcement.announce(job);
            metrics.canceledByCaller(job.model);
            // Streams following this job (SSE, WebSocket, Prefer: wait) learn of it after the commit.
            changes.fire(new JobChanged(jobId, owner));
        }
        return Optional.ofNullable(job);
    }
}
