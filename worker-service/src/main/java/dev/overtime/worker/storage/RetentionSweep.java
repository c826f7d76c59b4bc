package dev.overtime.worker.storage;

import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.worker.config.RetentionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Applies {@code overtime.retention.*}, one batch per transaction. An expired output's object is deleted and its row
 * kept with {@code deleted_at}, so the job view still lists it as {@code expired: true} and its download answers 410;
 * the job's version moves on, so cached views and ETags change with it. Inputs and partial previews go
 * {@code inputs} after their job ended: inputs keep their row (the record of what was sent), previews lose theirs.
 * A fetched input (content-addressed, shared) is deleted only once no live input row or fresh URL cache entry uses it.
 */
@ApplicationScoped
public class RetentionSweep {

    private final EntityManager em;
    private final ObjectStore store;
    private final RetentionConfig retention;

    public RetentionSweep(EntityManager em, ObjectStore store, RetentionConfig retention) {
        this.em = em;
        this.store = store;
        this.retention = retention;
    }

    /** Outputs past {@code expires_at}: object deleted, row marked; returns how many. */
    @Transactional
    public int expireOutputs(int batch) {
        if (!SweepLock.RETENTION.tryHold(em)) {
            return 0;
        }
        List<Object[]> rows = rows("""
                select job_id, position, object_key, attempt from image_edit_outputs
                 where expires_at <= now() and deleted_at is null
                 order by expires_at limit :batch for update skip locked""", batch);
        for (Object[] row : rows) {
            Integer attempt = row[3] == null ? null : ((Number) row[3]).intValue();
            deleteObject(ObjectKeys.outputOf((UUID) row[0], attempt, ((Number) row[1]).intValue(), (String) row[2]));
            em.createNativeQuery("""
                            update image_edit_outputs set deleted_at = now(), data = null
                             where job_id = :job and position = :position""")
                    .setParameter("job", row[0])
                    .setParameter("position", row[1])
                    .executeUpdate();
        }
        bumpVersions(rows.stream().map(row -> (UUID) row[0]).distinct().toList());
        return rows.size();
    }

    /** Output variants past {@code expires_at} (their output's): object deleted, row marked; returns how many. */
    @Transactional
    public int expireVariants(int batch) {
        if (!SweepLock.RETENTION.tryHold(em)) {
            return 0;
        }
        List<Object[]> rows = rows("""
                select job_id, position, name, object_key from image_edit_output_variants
                 where expires_at <= now() and deleted_at is null
                 order by expires_at limit :batch for update skip locked""", batch);
        for (Object[] row : rows) {
            deleteObject((String) row[3]);
            em.createNativeQuery("""
                            update image_edit_output_variants set deleted_at = now()
                             where job_id = :job and position = :position and name = :name""")
                    .setParameter("job", row[0])
                    .setParameter("position", row[1])
                    .setParameter("name", row[2])
                    .executeUpdate();
        }
        bumpVersions(rows.stream().map(row -> (UUID) row[0]).distinct().toList());
        return rows.size();
    }

    /** Inputs of jobs that ended more than {@code inputs} ago: object deleted, row marked. */
    @Transactional
    public int expireInputs(int batch) {
        if (!SweepLock.RETENTION.tryHold(em)) {
            return 0;
        }
        List<Object[]> rows = em.createNativeQuery("""
                        select i.job_id, i.role, i.position, i.object_key, i.source_url
                          from image_edit_inputs i join image_edit_jobs j on j.id = i.job_id
                         where i.deleted_at is null and j.finished_at <= :cutoff
                         limit :batch for update of i skip locked""", Object[].class)
                .setParameter("cutoff", Timestamp.from(Instant.now().minus(retention.inputs())))
                .setParameter("batch", batch)
                .getResultList();
        for (Object[] row : rows) {
            // A pre-V6 row that still holds its bytes gets its upload's key too: deleting a missing object is a no-op.
            String key = ObjectKeys.inputOf((UUID) row[0], (String) row[1], ((Number) row[2]).intValue(),
                    (String) row[3], (String) row[4]);
            if (key != null && key.startsWith(ObjectKeys.FETCHED)) {
                deleteFetchedIfUnused(key, row);
            } else {
                deleteObject(key);
            }
            em.createNativeQuery("""
                            update image_edit_inputs set deleted_at = now(), data = null
                             where job_id = :job and role = :role and position = :position""")
                    .setParameter("job", row[0])
                    .setParameter("role", row[1])
                    .setParameter("position", row[2])
                    .executeUpdate();
        }
        return rows.size();
    }

    /** Partial previews of jobs that ended more than {@code inputs} ago: object and row deleted. */
    @Transactional
    public int expirePartials(int batch) {
        if (!SweepLock.RETENTION.tryHold(em)) {
            return 0;
        }
        List<Object[]> rows = em.createNativeQuery("""
                        select p.job_id, p.position, p.object_key
                          from image_edit_partial_images p join image_edit_jobs j on j.id = p.job_id
                         where j.finished_at <= :cutoff
                         limit :batch for update of p skip locked""", Object[].class)
                .setParameter("cutoff", Timestamp.from(Instant.now().minus(retention.inputs())))
                .setParameter("batch", batch)
                .getResultList();
        for (Object[] row : rows) {
            deleteObject((String) row[2]);
            em.createNativeQuery("delete from image_edit_partial_images where job_id = :job and position = :position")
                    .setParameter("job", row[0])
                    .setParameter("position", row[1])
                    .executeUpdate();
        }
        return rows.size();
    }

    private List<Object[]> rows(String sql, int batch) {
        return em.createNativeQuery(sql, Object[].class).setParameter("batch", batch).getResultList();
    }

    // A row written before object storage and never moved has no object: clearing its bytes is the deletion.
    private void deleteObject(String key) {
        if (key != null) {
            store.delete(key);
        }
    }

    // A fetched input is shared by every job and URL that named the same bytes: it goes only with its last user,
    // and the URL cache rows pointing at it go with it (the next job naming such a URL fetches it again).
    private void deleteFetchedIfUnused(String key, Object[] row) {
        boolean used = (Boolean) em.createNativeQuery("""
                        select exists (select 1 from image_edit_inputs
                                        where object_key = :key and deleted_at is null
                                          and not (job_id = :job and role = :role and position = :position))
                            or exists (select 1 from input_url_fetches where object_key = :key and expires_at > now())""")
                .setParameter("key", key)
                .setParameter("job", row[0])
                .setParameter("role", row[1])
                .setParameter("position", row[2])
                .getSingleResult();
        if (!used) {
            store.delete(key);
            em.createNativeQuery("delete from input_url_fetches where object_key = :key")
                    .setParameter("key", key)
                    .executeUpdate();
        }
    }

    private void bumpVersions(List<UUID> jobs) {
        for (UUID job : jobs) {
            em.createNativeQuery("update image_edit_jobs set version = version + 1, updated_at = now() where id = :id")
                    .setParameter("id", job)
                    .executeUpdate();
        }
    }
}
