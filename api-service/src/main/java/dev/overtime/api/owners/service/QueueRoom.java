package dev.overtime.api.owners.service;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Keeps an owner's queue within its {@code maxQueuedJobs}. Checked in the submit's transaction after its jobs are
 * written, under a transaction-scoped advisory lock per owner, so two submits cannot both take the last place: the
 * next submit of the owner counts this one's jobs once it commits, or none of them if it rolled back. The count
 * stops at the limit (an index-only walk of image_edit_jobs_owner_queue, V20), so it costs at most that many entries;
 * the lock and the count are one call ({@code count_queued_jobs}, V22).
 */
@ApplicationScoped
public class QueueRoom {

    private final EntityManager em;

    public QueueRoom(EntityManager em) {
        this.em = em;
    }

    /**
     * Throws {@code 429 QUEUE_FULL} (rolling the submit back) when the owner's queued jobs, the submit's own included,
     * exceed {@code maxQueuedJobs}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void check(String owner, int maxQueuedJobs) {
        // One round trip (V22): the owner's queue lock, then the count.
        long queued = ((Number) em.createNativeQuery("select count_queued_jobs(?1, ?2)")
                .setParameter(1, owner)
                .setParameter(2, maxQueuedJobs + 1)
                .getSingleResult()).longValue();
        if (queued > maxQueuedJobs) {
            throw new ApiException(ErrorCode.QUEUE_FULL, "This account already has " + maxQueuedJobs
                    + " edits waiting, as many as it may; retry once some have started.");
        }
    }
}
