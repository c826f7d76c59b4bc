package dev.overtime.api.imageedit.submission;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

/**
 * What a POST came to: a new job (202), a reused succeeded job (200), or the replay of the response recorded
 * for its Idempotency-Key.
 */
public record Submission(int status, UUID jobId, Object view, String recordedBody, String etag, boolean replayed) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** The HTTP answer; {@code retryAfterSeconds} is sent while the job is still queued. */
    public Response toResponse(int retryAfterSeconds) {
        Response.ResponseBuilder answer = Response.status(status)
                .location(URI.create("/v1/image-edits/" + jobId))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(replayed ? recordedBody : view);
        if (status == 202) {
            answer.header("Retry-After", retryAfterSeconds);
        }
        if (etag != null) {
            answer.header("ETag", etag);
        }
        if (replayed) {
            answer.header(REPLAYED_HEADER, "true");
        }
        return answer.build();
    }
}
