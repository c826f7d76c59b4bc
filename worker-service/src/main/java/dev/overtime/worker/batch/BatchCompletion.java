package dev.overtime.worker.batch;

import dev.overtime.common.events.ImageEditBatchCompleted;
import dev.overtime.worker.edit.events.LifecycleEvents;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Notices batches whose last item ended and completes them: {@code completed} (a canceled batch stays
 * {@code canceled}), {@code completed_at} set and its {@link ImageEditBatchCompleted} event written to the outbox in
 * the same transaction. A sweep every {@code overtime.worker.sweep-interval} rather than a check in every job's
 * final transition: items end in the worker, the API (cancel) and the sweeper, and two items ending at once in two
 * transactions could each see the other still running; one statement over committed rows can't miss the last one.
 * Every worker runs it; {@code FOR UPDATE SKIP LOCKED} completes each batch once.
 */
@ApplicationScoped
public class BatchCompletion {

    private static final int BATCH = 200;

    private final EntityManager em;
    private final LifecycleEvents events;

    public BatchCompletion(EntityManager em, LifecycleEvents events) {
        this.em = em;
        this.events = events;
    }

    @Scheduled(every = "${overtime.worker.sweep-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int completed = completeFinished(BATCH);
            if (completed > 0) {
                Log.infof("sweeper: complete batches: %d", completed);
            }
        } catch (RuntimeException e) {
            // The database is away or busy; the next sweep tries again.
            Log.warnf("sweeper: complete batches failed: %s", e.toString());
        }
    }

    /** Completes up to {@code limit} batches whose items all ended; returns how many. */
    @Transactional
    public int completeFinished(int limit) {
        List<UUID> finished = em.createNativeQuery("""
                        select b.id from image_edit_batches b
                         where b.completed_at is null
                           and not exists (select 1 from image_edit_jobs j
                                            where j.batch_id = b.id and j.status in ('queued', 'running'))
                         order by b.created_at limit :limit for update of b skip locked""", UUID.class)
                .setParameter("limit", limit)
                .getResultList();
        for (UUID id : finished) {
            em.createNativeQuery("""
                            update image_edit_batches
                               set status = case when status = 'canceled' then 'canceled' else 'completed' end,
                                   completed_at = now(), updated_at = now(), version = version + 1
                             where id = :id""")
                    .setParameter("id", id)
                    .executeUpdate();
            Object[] batch = (Object[]) em.createNativeQuery(
                            "select owner, status, item_count, completed_at from image_edit_batches where id = :id")
                    .setParameter("id", id)
                    .getSingleResult();
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<Object[]> rows = em.createNativeQuery("""
                            select status, count(*) from image_edit_jobs where batch_id = :id group by status
                             order by status""", Object[].class)
                    .setParameter("id", id)
                    .getResultList();
            for (Object[] row : rows) {
                counts.put((String) row[0], ((Number) row[1]).intValue());
            }
            Instant completedAt = toInstant(batch[3]);
            events.record(ImageEditBatchCompleted.TYPE, id, new ImageEditBatchCompleted(
                    ImageEditBatchCompleted.SCHEMA_VERSION, id, (String) batch[0], (String) batch[1],
                    ((Number) batch[2]).intValue(), counts, completedAt));
            Log.infof("batch completed: batchId=%s status=%s counts=%s", id, batch[1], counts);
        }
        return finished.size();
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case java.time.OffsetDateTime offset -> offset.toInstant();
            default -> Instant.now();
        };
    }
}
