package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns what came back from OpenAI (a body, an error status, a broken connection) into an {@link UpstreamResult}. */
final class UpstreamResults {

    private final ObjectMapper json;

    UpstreamResults(ObjectMapper json) {
        this.json = json;
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

    static UpstreamResult timedOut(Integer status, String requestId) {
        return new Failed(status, requestId, FailureKind.TIMEOUT,
                new OpenAiError("the upstream did not answer in time", null, null, null));
    }

    /** No answer: a timeout, or a connection that could not be made or broke. */
    static UpstreamResult unreachable(Integer status, String requestId, Throwable failure) {
        if (isTimeout(failure)) {
            Log.warnf("upstream call timed out: %s", failure.toString());
            return timedOut(status, requestId);
        }
        Log.warnf("upstream call failed (CONNECTION): %s", failure.toString());
        return new Failed(status, requestId, FailureKind.CONNECTION,
                new OpenAiError("the upstream could not be reached", null, null, null));
    }

    /** The job's inputs could not be read from where they are stored; nothing went upstream. */
    static UpstreamResult unreadableInputs() {
        return new Failed(null, null, FailureKind.CONNECTION,
                new OpenAiError("the edit's inputs could not be read from storage", null, null, null));
    }

    static TokenUsage tokens(UpstreamJson.Usage usage) {
        if (usage == null) {
            return TokenUsage.NONE;
        }
        UpstreamJson.InputDetails details = usage.inputDetails();
        return new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens(),
                details == null ? 0 : details.textTokens(), details == null ? 0 : details.imageTokens());
    }

    // A connect timeout is a connection error (nothing was sent); any other timeout in the cause chain is a timeout.
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return false;
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
