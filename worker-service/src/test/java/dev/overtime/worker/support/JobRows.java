package dev.overtime.worker.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes jobs the way api-service does and reads back what the worker made of them, over plain JDBC. */
public final class JobRows {

    /** An input file to store with a job. */
    public record Input(String role, int position, String filename, String contentType, int width, int height,
                        byte[] data) {
    }

    /** A stored output row. */
    public record Output(int position, String contentType, int width, int height, int sizeBytes, byte[] data) {
    }

    private final DataSource dataSource;

    public JobRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public UUID insertQueuedJob(String owner, String prompt, int n, String requestId, List<Input> inputs) {
        return insertQueuedJob(owner, prompt, n, 0, requestId, inputs);
    }

    /** As above, asking for {@code partialImages} streamed partial images. */
    public UUID insertQueuedJob(String owner, String prompt, int n, int partialImages, String requestId,
                                List<Input> inputs) {
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
                                                       size_bytes, data)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    row.setObject(1, id);
                    row.setString(2, input.role());
                    row.setInt(3, input.position());
                    row.setString(4, input.filename());
                    row.setString(5, input.contentType());
                    row.setInt(6, input.width());
                    row.setInt(7, input.height());
                    row.setInt(8, input.data().length);
                    row.setBytes(9, input.data());
                    row.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
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
                        (byte[]) r.get("data")))
                .toList();
    }

    /** A stored partial image row. */
    public record PartialImage(int position, String contentType, int sizeBytes, byte[] data) {
    }

    public List<PartialImage> partialImages(UUID id) {
        return query("select * from image_edit_partial_images where job_id = ? order by position", id).stream()
                .map(r -> new PartialImage((Integer) r.get("position"), (String) r.get("content_type"),
                        (Integer) r.get("size_bytes"), (byte[]) r.get("data")))
                .toList();
    }

    private List<Map<String, Object>> query(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
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
