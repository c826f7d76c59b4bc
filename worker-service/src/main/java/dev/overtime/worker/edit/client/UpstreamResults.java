package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import io.quarkus.logging.Log;
import jakarta.ws.rs.ProcessingException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Turns what came back from OpenAI (a body, an error status, a broken connection) into an {@link UpstreamResult}. */
final class UpstreamResults {

    private final ObjectMapper json;

    UpstreamResults(ObjectMapper json) {
        this.json = json;
    }

    /** A 200 whose body should be an {@code ImagesResponse} with every image as {@code b64_json}. */
    UpstreamResult success(int status, String requestId, byte[] body) {
        try {
            ImagesResponse parsed = json.readValue(body, ImagesResponse.class);
            if (parsed.data() == null || parsed.data().isEmpty()) {
                return invalid(status, requestId, "the upstream returned no images");
            }
            List<byte[]> images = new ArrayList<>(parsed.data().size());
            for (ImagesResponse.Image image : parsed.data()) {
                if (image == null || image.b64Json() == null) {
                    return invalid(status, requestId, "the upstream returned an image without b64_json");
                }
                images.add(Base64.getDecoder().decode(image.b64Json()));
            }
            return new Succeeded(status, requestId, images, tokens(parsed.usage()));
        } catch (IOException | IllegalArgumentException e) {
            return invalid(status, requestId, "the upstream returned an unreadable ImagesResponse");
        }
    }

    /** An error status, with OpenAI's own error when the body is its envelope. */
    UpstreamResult httpError(int status, String requestId, byte[] body, Duration retryAfter) {
        OpenAiError error = null;
        try {
            OpenAiError.Envelope envelope = json.readValue(body, OpenAiError.Envelope.class);
            error = envelope == null ? null : envelope.error();
        } catch (IOException | RuntimeException e) {
            Log.debugf("upstream error body is not OpenAI's envelope: %s", e.getMessage());
        }
        if (error == null) {
            error = new OpenAiError("the upstream answered HTTP " + status, null, null, null);
        }
        return new Failed(status, requestId, FailureKind.HTTP_ERROR, error, retryAfter);
    }

    static UpstreamResult invalid(int status, String requestId, String message) {
        return new Failed(status, requestId, FailureKind.INVALID_RESPONSE, new OpenAiError(message, null, null, null));
    }

    static UpstreamResult aborted() {
        return new Failed(null, null, FailureKind.ABORTED,
                new OpenAiError("the call was abandoned by the worker", null, null, null));
    }

    /** No answer: a timeout, or a connection that could not be made or broke. */
    static UpstreamResult unreachable(Throwable failure) {
        ProcessingException e = failure instanceof ProcessingException p ? p : new ProcessingException(failure);
        FailureKind kind = isTimeout(e) ? FailureKind.TIMEOUT : FailureKind.CONNECTION;
        String message = kind == FailureKind.TIMEOUT
                ? "the upstream did not answer in time"
                : "the upstream could not be reached";
        Log.warnf("upstream call failed (%s): %s", kind, e.getMessage());
        return new Failed(null, null, kind, new OpenAiError(message, null, null, null));
    }

    static TokenUsage tokens(ImagesResponse.Usage usage) {
        return usage == null ? TokenUsage.NONE
                : new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
    }

    // The client reports a read timeout as a ProcessingException wrapping a Vert.x or Netty timeout type;
    // match on the cause chain rather than on one implementation class. A connect timeout is a connection error.
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t.getClass().getSimpleName().startsWith("Connect")) {
                return false;
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
