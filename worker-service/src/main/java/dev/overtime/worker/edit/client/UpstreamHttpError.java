package dev.overtime.worker.edit.client;

import java.time.Duration;

/** An error status answered to a streamed edit, with what the non-streamed path would have read from it. */
final class UpstreamHttpError extends RuntimeException {

    final int status;
    final String requestId;
    final byte[] body;
    final Duration retryAfter;

    UpstreamHttpError(int status, String requestId, byte[] body, Duration retryAfter) {
        super("the upstream answered HTTP " + status, null, false, false);
        this.status = status;
        this.requestId = requestId;
        this.body = body;
        this.retryAfter = retryAfter;
    }
}
