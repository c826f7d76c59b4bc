package dev.overtime.api.imageedit.rest;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.imageedit.persistence.OutputImage;
import dev.overtime.common.ErrorCode;
import dev.overtime.storage.ObjectContent;
import dev.overtime.storage.ObjectNotFoundException;
import dev.overtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Instant;
import java.util.UUID;

/**
 * Answers {@code GET /v1/image-edits/{id}/outputs/{i}} once ownership is checked: {@code 302} to a presigned URL of
 * that one object, valid for {@code overtime.api.outputs.url-ttl} (the bytes then come from the store or a CDN,
 * never through this process), or with {@code outputs.redirect=false} the bytes streamed through in chunks. An output
 * retention deleted (or past its expiry) answers {@code 410 OUTPUT_EXPIRED}.
 */
@ApplicationScoped
class OutputDelivery {

    private final ObjectStore store;
    private final ApiConfig config;

    OutputDelivery(ObjectStore store, ApiConfig config) {
        this.store = store;
        this.config = config;
    }

    Response answer(UUID jobId, int position, OutputImage output) {
        return answer(jobId, String.valueOf(position), output);
    }

    /** {@code label}: the output's position, or position and variant name ({@code 0-256.png}) for a variant. */
    Response answer(UUID jobId, String label, OutputImage output) {
        if (output.expired(Instant.now())) {
            throw new ApiException(ErrorCode.OUTPUT_EXPIRED, "Output " + label + " of job " + jobId
                    + " expired at " + output.expiresAt() + " and was deleted (overtime.retention.outputs).");
        }
        if (output.objectKey() == null) {
            // Stored before images moved to object storage and not moved yet: the row still has the bytes.
            return image(jobId, label, output.contentType(), output.legacyData()).build();
        }
        if (config.outputs().redirect()) {
            return Response.status(Response.Status.FOUND)
                    .location(store.presignGet(output.objectKey(), config.outputs().urlTtl()))
                    // The redirect's target expires; the API path is what clients keep.
                    .header("Cache-Control", "private, no-store")
                    .build();
        }
        return streamed(jobId, label, output);
    }

    private Response streamed(UUID jobId, String position, OutputImage output) {
        ObjectContent content;
        try {
            content = store.get(output.objectKey());
        } catch (ObjectNotFoundException e) {
            throw new ApiException(ErrorCode.OUTPUT_EXPIRED, "Output " + position + " of job " + jobId
                    + " is no longer stored.");
        }
        StreamingOutput body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return image(jobId, position, output.contentType(), body)
                .header("Content-Length", output.sizeBytes())
                .build();
    }

    private static Response.ResponseBuilder image(UUID jobId, String position, String contentType, Object body) {
        return Response.ok(body, contentType)
                .header("Cache-Control", "private, max-age=31536000, immutable")
                .header("ETag", "\"" + jobId + "-" + position + "\"")
                .header("Content-Disposition", "inline; filename=\"" + jobId + "-" + position + "."
                        + contentType.substring("image/".length()) + "\"");
    }
}
