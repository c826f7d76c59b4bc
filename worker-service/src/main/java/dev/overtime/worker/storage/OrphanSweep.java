package dev.overtime.worker.storage;

import dev.overtime.storage.ObjectInfo;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.worker.config.RetentionConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Deletes objects no row references once they are {@code overtime.retention.orphans-after} old: inputs of a submit
 * whose transaction failed, outputs or previews of a worker killed between its upload and its commit. Younger objects
 * are left alone, since they may be on their way to being referenced. The bucket is listed page by page and checked
 * against PostgreSQL a batch of keys at a time, by the job id every key carries (the primary keys' index).
 */
@ApplicationScoped
public class OrphanSweep {

    /** The objects under a prefix and the rows referring to them: their keys, read a batch of jobs at a time. */
    private record Referrers(String prefix, String select, RowKey key) {
    }

    @FunctionalInterface
    private interface RowKey {
        String of(ResultSet row) throws SQLException;
    }

    // Uploads' and outputs' keys are made from their rows (V21); the rows written before keep theirs stored.
    private static final List<Referrers> REFERRERS = List.of(
            new Referrers(ObjectKeys.INPUTS,
                    "select job_id, role, position, object_key, source_url from image_edit_inputs where job_id = any(?)",
                    row -> ObjectKeys.inputOf(row.getObject(1, UUID.class), row.getString(2), row.getInt(3),
                            row.getString(4), row.getString(5))),
            new Referrers(ObjectKeys.OUTPUTS,
                    "select job_id, attempt, position, object_key from image_edit_outputs where job_id = any(?)",
                    row -> ObjectKeys.outputOf(row.getObject(1, UUID.class), row.getObject(2, Integer.class),
                            row.getInt(3), row.getString(4))),
            new Referrers(ObjectKeys.PARTIALS,
                    "select object_key from image_edit_partial_images where job_id = any(?)", row -> row.getString(1)),
            new Referrers(ObjectKeys.VARIANTS,
                    "select object_key from image_edit_output_variants where job_id = any(?)", row -> row.getString(1)));

    private final ObjectStore store;
    private final AgroalDataSource dataSource;
    private final RetentionConfig retention;

    public OrphanSweep(ObjectStore store, AgroalDataSource dataSource, RetentionConfig retention) {
        this.store = store;
        this.dataSource = dataSource;
        this.retention = retention;
    }

    /** Deletes what is orphaned now; returns how many objects. Skips the round if another worker is at it. */
    public int sweep() {
        return sweep(Instant.now().minus(retention.orphansAfter()));
    }

    /** Deletes unreferenced objects last modified before {@code cutoff}. */
    int sweep(Instant cutoff) {
        try (Connection connection = dataSource.getConnection()) {
            if (!lock(connection, "pg_try_advisory_lock")) {
                return 0;
            }
            try {
                int deleted = 0;
                for (Referrers referrers : REFERRERS) {
                    deleted += sweep(connection, referrers, cutoff);
                }
                return deleted;
            } finally {
                lock(connection, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("orphan sweep failed: " + e.getMessage(), e);
        }
    }

    private int sweep(Connection connection, Referrers referrers, Instant cutoff) throws SQLException {
        int deleted = 0;
        try (Stream<ObjectInfo> listed = store.listOlderThan(referrers.prefix(), cutoff)) {
            Iterator<ObjectInfo> objects = listed.iterator();
            while (objects.hasNext()) {
                List<String> batch = new ArrayList<>(retention.batchSize());
                while (objects.hasNext() && batch.size() < retention.batchSize()) {
                    String key = objects.next().key();
                    // A key we did not make (a shared bucket without a key prefix, a folder marker some stores
                    // list) is never ours to delete.
                    if (!key.endsWith("/") && ObjectKeys.jobOf(key).isPresent()) {
                        batch.add(key);
                    }
                }
                Set<String> referenced = referenced(connection, referrers, batch);
                for (String key : batch) {
                    if (!referenced.contains(key)) {
                        store.delete(key);
                        deleted++;
                        Log.infof("deleted orphaned object %s", key);
                    }
                }
            }
        }
        return deleted;
    }

    private static Set<String> referenced(Connection connection, Referrers referrers, List<String> keys)
            throws SQLException {
        Set<UUID> jobs = new HashSet<>();
        for (String key : keys) {
            ObjectKeys.jobOf(key).ifPresent(jobs::add);
        }
        Set<String> referenced = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(referrers.select())) {
            Array ids = connection.createArrayOf("uuid", jobs.toArray());
            select.setArray(1, ids);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String key = referrers.key().of(rows);
                    if (key != null) {
                        referenced.add(key);
                    }
                }
            }
        }
        return referenced;
    }

    private static boolean lock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
            statement.setLong(1, SweepLock.ORPHANS.key());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
