package dev.overtime.api.batch.service;

import dev.overtime.api.batch.persistence.ImageEditBatch;
import dev.overtime.api.imageedit.cancel.CancelService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Cancels a running batch: the batch becomes {@code canceled} and each of its items still queued or running is
 * canceled exactly as {@code POST /v1/image-edits/{id}/cancel} would (its event, its streams, a running edit
 * abandoned at its worker's next heartbeat), all in one transaction. Finished items stay as they are; a batch
 * already completed is left unchanged.
 */
@ApplicationScoped
public class BatchCancel {

    private final EntityManager em;
    private final CancelService cancels;

    public BatchCancel(EntityManager em, CancelService cancels) {
        this.em = em;
        this.cancels = cancels;
    }

    /** The batch after the cancel; empty when the owner has no such batch. */
    @Transactional
    public Optional<ImageEditBatch> cancel(UUID batchId, String owner) {
        ImageEditBatch batch = em.find(ImageEditBatch.class, batchId, LockModeType.PESSIMISTIC_WRITE);
        if (batch == null || !batch.owner.equals(owner)) {
            return Optional.empty();
        }
        if (!ImageEditBatch.RUNNING.equals(batch.status)) {
            return Optional.of(batch);
        }
        batch.status = ImageEditBatch.CANCELED;
        batch.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        batch.version++;
        // Every item locked before the first is canceled: each cancel gives its reserved estimate back to the
        // owner's month row (the V18 trigger), and a worker booking an item's cost locks that item, then the month
        // row. Locking items one by one while holding the month row could deadlock with it.
        List<UUID> open = em.createNativeQuery("""
                        select id from image_edit_jobs where batch_id = :batch and status in ('queued', 'running')
                         order by batch_index for update""", UUID.class)
                .setParameter("batch", batchId)
                .getResultList();
        for (UUID jobId : open) {
            cancels.cancel(jobId, owner);
        }
        return Optional.of(batch);
    }
}
