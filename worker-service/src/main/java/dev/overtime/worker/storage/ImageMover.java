package dev.overtime.worker.storage;

import dev.overtime.storage.ObjectContent;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import dev.overtime.worker.config.RetentionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Moves images stored before V6 (as {@code bytea}) into the bucket, one row per transaction: the bytes are uploaded,
 * read back, and only when the SHA-256 of what the store now holds equals the SHA-256 of the column is the column
 * cleared and the object key written. A row that fails the check keeps its bytes and is tried again next round.
 * It runs in the background on every worker (one at a time, by advisory lock) until nothing is left; an unmoved row
 * keeps working meanwhile (the worker sends its bytes, the API serves them).
 */
@ApplicationScoped
public class ImageMover {

    private final EntityManager em;
    private final ObjectStore store;
    private final RetentionConfig retention;

    public ImageMover(EntityManager em, ObjectStore store, RetentionConfig retention) {
        this.em = em;
        this.store = store;
        this.retention = retention;
    }

    /** Moves one input row; false when none is left (or another worker holds the mover's lock). */
    @Transactional
    public boolean moveOneInput() {
        if (!SweepLock.MOVER.tryHold(em)) {
            return false;
        }
        List<Object[]> rows = em.createNativeQuery("""
                select job_id, role, position, content_type, data from image_edit_inputs
                 where data is not null and object_key is null and deleted_at is null
                 limit 1 for update skip locked""", Object[].class).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.getFirst();
        UUID job = (UUID) row[0];
        String key = ObjectKeys.input(job, (String) row[1], (Integer) row[2]);
        String sha256 = copyVerified(key, (byte[]) row[4], (String) row[3]);
        em.createNativeQuery("""
                        update image_edit_inputs set object_key = :key, sha256 = decode(:sha, 'hex'), data = null
                         where job_id = :job and role = :role and position = :position""")
                .setParameter("key", key)
                .setParameter("sha", sha256)
                .setParameter("job", job)
                .setParameter("role", row[1])
                .setParameter("position", row[2])
                .executeUpdate();
        return true;
    }

    /**
     * Moves one output row; it gets the expiry it would have had ({@code created_at} plus the outputs' retention),
     * and its job a new version, since the view now shows that expiry.
     */
    @Transactional
    public boolean moveOneOutput() {
        if (!SweepLock.MOVER.tryHold(em)) {
            return false;
        }
        List<Object[]> rows = em.createNativeQuery("""
                select o.job_id, o.position, o.content_type, o.data, j.attempts, o.created_at
                  from image_edit_outputs o join image_edit_jobs j on j.id = o.job_id
                 where o.data is not null and o.object_key is null and o.deleted_at is null
                 limit 1 for update of o skip locked""", Object[].class).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.getFirst();
        UUID job = (UUID) row[0];
        String key = ObjectKeys.output(job, Math.max(1, (Integer) row[4]), (Integer) row[1]);
        String sha256 = copyVerified(key, (byte[]) row[3], (String) row[2]);
        Instant created = row[5] instanceof Instant instant ? instant : ((Timestamp) row[5]).toInstant();
        em.createNativeQuery("""
                        update image_edit_outputs
                           set object_key = :key, sha256 = decode(:sha, 'hex'), data = null,
                               expires_at = coalesce(expires_at, :expires)
                         where job_id = :job and position = :position""")
                .setParameter("key", key)
                .setParameter("sha", sha256)
                .setParameter("expires", created.plus(retention.outputs()))
                .setParameter("job", job)
                .setParameter("position", row[1])
                .executeUpdate();
        em.createNativeQuery("update image_edit_jobs set version = version + 1, updated_at = now() where id = :id")
                .setParameter("id", job)
                .executeUpdate();
        return true;
    }

    /** Moves one partial preview row. */
    @Transactional
    public boolean moveOnePartial() {
        if (!SweepLock.MOVER.tryHold(em)) {
            return false;
        }
        List<Object[]> rows = em.createNativeQuery("""
                select p.job_id, p.position, p.content_type, p.data, j.attempts
                  from image_edit_partial_images p join image_edit_jobs j on j.id = p.job_id
                 where p.data is not null and p.object_key is null
                 limit 1 for update of p skip locked""", Object[].class).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.getFirst();
        UUID job = (UUID) row[0];
        String key = ObjectKeys.partial(job, Math.max(1, (Integer) row[4]), (Integer) row[1]);
        copyVerified(key, (byte[]) row[3], (String) row[2]);
        em.createNativeQuery("""
                        update image_edit_partial_images set object_key = :key, data = null
                         where job_id = :job and position = :position""")
                .setParameter("key", key)
                .setParameter("job", job)
                .setParameter("position", row[1])
                .executeUpdate();
        return true;
    }

    /** Uploads {@code bytes} and reads them back; the SHA-256 the column, the upload and the store all agree on. */
    private String copyVerified(String key, byte[] bytes, String contentType) {
        String expected = sha256(bytes);
        StoredObject stored = store.put(key, new ByteArrayInputStream(bytes), bytes.length, contentType);
        String readBack;
        try (ObjectContent in = store.get(key)) {
            readBack = sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read back " + key, e);
        }
        if (!expected.equals(stored.sha256Hex()) || !expected.equals(readBack)) {
            store.delete(key);
            throw new IllegalStateException("the store does not hold the bytes of " + key + "; the row keeps them");
        }
        return expected;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
