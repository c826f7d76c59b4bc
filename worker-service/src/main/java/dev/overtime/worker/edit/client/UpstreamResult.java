package dev.overtime.worker.edit.client;

import dev.overtime.common.TokenUsage;

import java.time.Duration;
import java.util.List;

/** What one call to the image edit endpoint came to. */
public sealed interface UpstreamResult {

    /** The upstream's {@code x-request-id}, for support tickets with OpenAI; null when none was received. */
    String upstreamRequestId();

    /** The HTTP status, or null when no response arrived. */
    Integer httpStatus();

    /** 200 with the decoded images, in {@code data[]} order, waiting in the call's spool. */
    record Succeeded(Integer httpStatus, String upstreamRequestId, List<SpooledImage> images, TokenUsage usage)
            implements UpstreamResult {
    }

    /**
     * No usable result; {@code error} is OpenAI's own error when it sent one, else a description of ours.
     * {@code retryAfter} is the upstream's own hint when to try again ({@code retry-after-ms}, {@code retry-after},
     * {@code x-ratelimit-reset-*}), or null.
     */
    record Failed(Integer httpStatus, String upstreamRequestId, FailureKind kind, OpenAiError error,
                  Duration retryAfter) implements UpstreamResult {

        public Failed(Integer httpStatus, String upstreamRequestId, FailureKind kind, OpenAiError error) {
            this(httpStatus, upstreamRequestId, kind, error, null);
        }
    }

    enum FailureKind {
        /** The upstream answered with an error status. */
        HTTP_ERROR,
        /** No answer within the configured timeout. */
        TIMEOUT,
        /** The connection could not be made or broke. */
        CONNECTION,
        /** A streamed answer that reported an {@code error} event after its 200. */
        STREAM_ERROR,
        /** A 200 whose body was not a usable {@code ImagesResponse} (or stream of events). */
        INVALID_RESPONSE,
        /** We gave up on the call ourselves: the job was canceled, taken over, or handed back at shutdown. */
        ABORTED
    }
}
