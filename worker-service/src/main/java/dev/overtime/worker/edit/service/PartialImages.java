package dev.overtime.worker.edit.service;

import dev.overtime.common.events.ImageEditPartialImage;
import dev.overtime.worker.edit.events.LifecycleEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import static dev.overtime.worker.edit.service.JobClock.now;

/**
 * The previews a streamed edit sends before its result: each one stored and announced while the job is still ours,
 * at most once per position across attempts. They never change the job's status.
 */
@ApplicationScoped
public class PartialImages {

    private final EntityManager em;
    private final LifecycleEvents events;
    private final WorkerIdentity identity;

    public PartialImages(EntityManager em, LifecycleEvents events, WorkerIdentity identity) {
        this.em = em;
        this.events = events;
        this.identity = identity;
    }

    /**
     * Records partial image {@code index} of a running job (already in the bucket under {@code objectKey}) and
     * announces it, in one transaction; false (and nothing written) when the job is no longer ours or a previous
     * attempt already recorded that partial image: then the caller deletes the object.
     */
    @Transactional
    public boolean record(ClaimedJob job, int index, String contentType, long sizeBytes, String objectKey) {
        int inserted = em.createNativeQuery("""
                        insert into image_edit_partial_images (job_id, position, content_type, size_bytes, object_key,
                                                               created_at)
                        select :id, :position, :contentType, :size, :objectKey, :now
                         where exists (select 1 from image_edit_jobs""" + JobLifecycle.OURS + """
                        )
                        on conflict (job_id, position) do nothing""")
                .setParameter("position", index)
                .setParameter("contentType", contentType)
                .setParameter("size", sizeBytes)
                .setParameter("objectKey", objectKey)
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
}
