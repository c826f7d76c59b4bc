package dev.overtime.worker.support;

import dev.overtime.storage.ObjectContent;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes jobs the way api-service does (inputs in the bucket, rows referencing them) and reads back what the worker
 * made of them, over plain JDBC and the object store. {@link #insertLegacyJob} writes a job the way it was stored
 * before object storage, with its bytes in PostgreSQL.
 */
public final class JobRows {

    /** An input file to store with a job. */
    public record Input(String role, int position, String filename, String contentType, int width, int height,
                        byte[] data) {
    }

    /** A stored output row. */
    public record Output(int position, String contentType, int width, int height, int sizeBytes, byte[] data) {
    }

    private final DataSource dataSource;
    private final ObjectStore store;

    public JobRows(DataSource dataSource, ObjectStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    public UUID insertQueuedJob(String owner, String prompt, int n, String requestId, List<Input> inputs) {
        return insertQueuedJob(owner, prompt, n, 0, requestId, inputs);
    }

    /** As above, asking for {@code partialImages} streamed partial images. */
    public UUID insertQueuedJob(String owner, String prompt, int n, int partialImages, String requestId,
                                List<Input> inputs) {
        return insert(owner, prompt, n, partialImages, requestId, inputs, false);
    }

    /** A queued job whose inputs are still {@code bytea} rows, as written before V6. */
    public UUID insertLegacyJob(String owner, String prompt, int n, String requestId, List<Input> inputs) {
        return insert(owner, prompt, n, 0, requestId, inputs, true);
    }

    private UUID insert(String owner, String prompt, int n, int partialImages, String requestId, List<Input> inputs,
                        boolean legacy) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement job = c.prepareStatement("""
                    insert into image_edit_jobs (id, owner, status, model, prompt, n, size, quality, end_user,
                                                 request_id, created_at, updated_at, partial_images)
                    values (?, ?, 'queued', 'gpt-image-1', ?, ?, '1024x1024', 'low', 'end-user-7', ?, ?, ?, ?)""")) {
                job.setObject(1, id);
                job.setString(2, owner);
                job.setString(3, prompt);
                job.setInt(4, n);
                job.setString(5, requestId);
                job.setTimestamp(6, now);
                job.setTimestamp(7, now);
                job.setInt(8, partialImages);
                job.executeUpdate();
            }
            for (Input input : inputs) {
                try (PreparedStatement row = c.prepareStatement("""
                        insert into image_edit_inputs (job_id, role, position, filename, content_type, width, height,
                                                       size_bytes, data, object_key, sha256)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, decode(?, 'hex'))""")) {
                    StoredObject stored = legacy ? null : store.put(ObjectKeys.input(id, input.role(), input.position()),
                            new ByteArrayInputStream(input.data()), input.data().length, input.contentType());
                    row.setObject(1, id);
                    row.setString(2, input.role());
                    row.setInt(3, input.position());
                    row.setString(4, input.filename());
                    row.setString(5, input.contentType());
                    row.setInt(6, input.width());
                    row.setInt(7, input.height());
                    row.setInt(8, input.data().length);
                    row.setBytes(9, legacy ? input.data() : null);
                    // As the API writes an upload since V21: its key is made from the row's (ObjectKeys.inputOf).
                    row.setString(10, null);
                    row.setString(11, legacy ? null : stored.sha256Hex());
                    row.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /**
     * A queued job whose images (and mask, if not null) are given as URLs, as api-service stores an
     * {@code image_url}/{@code mask_url} edit: rows with only the URL, the bytes left for the worker to fetch.
     */
    public UUID insertUrlJob(String owner, String prompt, int n, String requestId, List<String> imageUrls,
                             String maskUrl) {
        UUID id = insert(owner, prompt, n, 0, requestId, List.of(), false);
        try (Connection c = dataSource.getConnection(); PreparedStatement row = c.prepareStatement("""
                insert into image_edit_inputs (job_id, role, position, filename, source_url) values (?, ?, ?, ?, ?)""")) {
            for (int i = 0; i <= imageUrls.size(); i++) {
                boolean mask = i == imageUrls.size();
                if (mask && maskUrl == null) {
                    break;
                }
                row.setObject(1, id);
                row.setString(2, mask ? "mask" : "image");
                row.setInt(3, mask ? 0 : i);
                row.setString(4, mask ? "mask0" : "image" + i);
                row.setString(5, mask ? maskUrl : imageUrls.get(i));
                row.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** Makes {@code jobs} (already inserted) the items of a new running batch, in order, as api-service would. */
    public UUID insertBatch(String owner, List<UUID> jobs) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            // One transaction, as the API writes it: a batch row without its items would look finished.
            c.setAutoCommit(false);
            try (PreparedStatement batch = c.prepareStatement("""
                    insert into image_edit_batches (id, owner, status, item_count, created_at, updated_at)
                    values (?, ?, 'running', ?, ?, ?)""")) {
                batch.setObject(1, id);
                batch.setString(2, owner);
                batch.setInt(3, jobs.size());
                batch.setTimestamp(4, now);
                batch.setTimestamp(5, now);
                batch.executeUpdate();
            }
            try (PreparedStatement item = c.prepareStatement(
                    "update image_edit_jobs set batch_id = ?, batch_index = ? where id = ?")) {
                for (int i = 0; i < jobs.size(); i++) {
                    item.setObject(1, id);
                    item.setInt(2, i);
                    item.setObject(3, jobs.get(i));
                    item.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** The batch row as column name to value. */
    public Map<String, Object> batch(UUID id) {
        List<Map<String, Object>> found = query("select * from image_edit_batches where id = ?", id);
        return found.isEmpty() ? Map.of() : found.getFirst();
    }

    /** The job's output variant rows, by position then name. */
    public List<Map<String, Object>> variantRows(UUID id) {
        return query("select * from image_edit_output_variants where job_id = ? order by position, name", id);
    }

    /** The bytes stored under {@code key}. */
    public byte[] object(String key) {
        try (ObjectContent in = store.get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL cache's row for {@code url}, empty if none. */
    public Map<String, Object> urlFetch(String url) {
        List<Map<String, Object>> found = query("select * from input_url_fetches where url = ?", url);
        return found.isEmpty() ? Map.of() : found.getFirst();
    }

    /** The job row as column name to value. */
    public Map<String, Object> job(UUID id) {
        List<Map<String, Object>> rows = query("select * from image_edit_jobs where id = ?", id);
        return rows.isEmpty() ? Map.of() : rows.getFirst();
    }

    public String status(UUID id) {
        return (String) job(id).get("status");
    }

    public List<Map<String, Object>> attempts(UUID id) {
        return query("select * from image_edit_attempts where job_id = ? order by attempt", id);
    }

    public List<Output> outputs(UUID id) {
        return query("select * from image_edit_outputs where job_id = ? order by position", id).stream()
                .map(r -> new Output((Integer) r.get("position"), (String) r.get("content_type"),
                        (Integer) r.get("width"), (Integer) r.get("height"), (Integer) r.get("size_bytes"),
                        bytes(outputKey(r), r)))
                .toList();
    }

    /** A stored partial image row. */
    public record PartialImage(int position, String contentType, int sizeBytes, byte[] data) {
    }

    public List<PartialImage> partialImages(UUID id) {
        return query("select * from image_edit_partial_images where job_id = ? order by position", id).stream()
                .map(r -> new PartialImage((Integer) r.get("position"), (String) r.get("content_type"),
                        (Integer) r.get("size_bytes"), bytes((String) r.get("object_key"), r)))
                .toList();
    }

    /** Output rows as stored: object key, SHA-256, expiry. */
    public List<Map<String, Object>> outputRows(UUID id) {
        return query("select * from image_edit_outputs where job_id = ? order by position", id);
    }

    public List<Map<String, Object>> inputRows(UUID id) {
        return query("select * from image_edit_inputs where job_id = ? order by role, position", id);
    }

    public List<Map<String, Object>> partialRows(UUID id) {
        return query("select * from image_edit_partial_images where job_id = ? order by position", id);
    }

    /** The owner's row of owner_monthly_spend for the current UTC month; empty when nothing was booked or reserved. */
    public Map<String, Object> monthlySpend(String owner) {
        List<Map<String, Object>> found = query("""
                select * from owner_monthly_spend
                 where owner = ? and month = date_trunc('month', now() at time zone 'UTC')::date""", owner);
        return found.isEmpty() ? Map.of() : found.getFirst();
    }

    /** Runs one statement (a test's setup: an expiry in the past, a finished_at long ago). */
    public int update(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where an input row's bytes are, as the worker finds them: its stored key, else its upload's (V21). */
    public static String inputKey(Map<String, Object> row) {
        return ObjectKeys.inputOf((UUID) row.get("job_id"), (String) row.get("role"), (Integer) row.get("position"),
                (String) row.get("object_key"), (String) row.get("source_url"));
    }

    /** Where an output row's bytes are: its stored key, else the one its attempt makes (V21). */
    public static String outputKey(Map<String, Object> row) {
        Number attempt = (Number) row.get("attempt");
        return ObjectKeys.outputOf((UUID) row.get("job_id"), attempt == null ? null : attempt.intValue(),
                (Integer) row.get("position"), (String) row.get("object_key"));
    }

    // The row's bytes, from the bucket (or the column, for a row written before object storage).
    private byte[] bytes(String key, Map<String, Object> row) {
        if (key == null) {
            return (byte[]) row.get("data");
        }
        try (ObjectContent in = store.get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> query(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String name = rs.getMetaData().getColumnName(i);
                        Object value = rs.getObject(i);
                        // Digests are stored as their bytes (V19); the services, and so the tests, speak hex.
                        if (value instanceof byte[] digest && name.equals("sha256")) {
                            value = HexFormat.of().formatHex(digest);
                        }
                        row.put(name, value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
