package dev.overtime.worker.edit.service;

import dev.overtime.storage.ObjectStore;
import dev.overtime.worker.edit.client.UpstreamEditRequest;
import dev.overtime.worker.edit.client.UpstreamFile;
import dev.overtime.worker.edit.persistence.ImageEditInput;
import dev.overtime.worker.edit.persistence.ImageEditJob;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Turns a stored job and its input rows into the request the OpenAI client sends. Each input's bytes are opened only
 * when the request body reaches them: from the bucket, or, for a row written before object storage that the
 * {@code ImageMover} has not moved yet, from its {@code bytea} column.
 */
@ApplicationScoped
class UpstreamRequests {

    private final ObjectStore store;
    private final AgroalDataSource dataSource;

    UpstreamRequests(ObjectStore store, AgroalDataSource dataSource) {
        this.store = store;
        this.dataSource = dataSource;
    }

    UpstreamEditRequest of(ImageEditJob job, List<ImageEditInput> inputs) {
        List<UpstreamFile> images = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_IMAGE.equals(input.role))
                .map(this::file)
                .toList();
        UpstreamFile mask = inputs.stream()
                .filter(input -> ImageEditInput.ROLE_MASK.equals(input.role))
                .map(this::file)
                .findFirst()
                .orElse(null);
        return new UpstreamEditRequest(job.model, job.prompt, job.n, job.size, job.quality, job.background,
                job.outputFormat, job.outputCompression, job.inputFidelity, job.endUser, job.partialImages, images, mask);
    }

    private UpstreamFile file(ImageEditInput input) {
        String key = input.key();
        UpstreamFile.Content content = key != null
                ? () -> store.get(key)
                : () -> legacyBytes(input.jobId, input.role, input.position);
        return new UpstreamFile(input.filename, input.contentType, input.sizeBytes, content);
    }

    // Outside any transaction: the body is written on the HTTP client's threads. Whole in the heap, as it was
    // before object storage, and only until the mover has moved the row.
    private InputStream legacyBytes(UUID jobId, String role, int position) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select data from image_edit_inputs where job_id = ? and role = ? and position = ?")) {
            select.setObject(1, jobId);
            select.setString(2, role);
            select.setInt(3, position);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getBytes(1) == null) {
                    throw new IOException("input " + role + "-" + position + " of job " + jobId + " has no bytes");
                }
                return new ByteArrayInputStream(row.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IOException("could not read input " + role + "-" + position + " of job " + jobId, e);
        }
    }
}
