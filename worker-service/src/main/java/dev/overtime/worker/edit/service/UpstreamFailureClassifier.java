package dev.overtime.worker.edit.service;

import dev.overtime.common.ErrorCode;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.worker.edit.client.OpenAiError;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maps a failed upstream call to the stable {@link ErrorCode} recorded on the job, and says whether trying again
 * could help; {@link RetryPolicy} decides when, and whether there is time left.
 */
@ApplicationScoped
public class UpstreamFailureClassifier {

    static final String MODERATION_BLOCKED = "moderation_blocked";
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";

    /**
     * The stable code and whether the same request might succeed later; {@code moderation} is what the upstream's
     * safety system said about a {@code MODERATION_BLOCKED} refusal, when it said anything (else null).
     */
    public record Classification(ErrorCode code, boolean retryable, UpstreamModeration moderation) {

        public Classification(ErrorCode code, boolean retryable) {
            this(code, retryable, null);
        }
    }

    public Classification classify(Failed failure) {
        Classification classification = classifyCode(failure);
        if (classification.code() != ErrorCode.MODERATION_BLOCKED || failure.error() == null) {
            return classification;
        }
        return new Classification(classification.code(), false, failure.error().moderation().orElse(null));
    }

    private static Classification classifyCode(Failed failure) {
        return switch (failure.kind()) {
            case TIMEOUT -> new Classification(ErrorCode.UPSTREAM_TIMEOUT, true);
            case CONNECTION -> new Classification(ErrorCode.UPSTREAM_ERROR, true);
            case INVALID_RESPONSE -> new Classification(ErrorCode.UPSTREAM_ERROR, true);
            case ABORTED -> new Classification(ErrorCode.CANCELED, false);
            case HTTP_ERROR -> classifyStatus(failure.httpStatus(), openAiCode(failure.error()));
            case STREAM_ERROR -> classifyStreamError(openAiCode(failure.error()));
        };
    }

    // An error event arrives after the 200, so only its code tells what went wrong; the codes are the ones OpenAI
    // also answers with an error status. Anything else broke on the upstream's side mid-render: worth another try.
    private static Classification classifyStreamError(String code) {
        if (MODERATION_BLOCKED.equals(code)) {
            return new Classification(ErrorCode.MODERATION_BLOCKED, false);
        }
        if (INSUFFICIENT_QUOTA.equals(code)) {
            return new Classification(ErrorCode.INSUFFICIENT_QUOTA, false);
        }
        if (RATE_LIMIT_EXCEEDED.equals(code)) {
            return new Classification(ErrorCode.RATE_LIMITED, true);
        }
        return new Classification(ErrorCode.UPSTREAM_ERROR, true);
    }

    private static Classification classifyStatus(int status, String code) {
        if (status == 400) {
            return MODERATION_BLOCKED.equals(code)
                    ? new Classification(ErrorCode.MODERATION_BLOCKED, false)
                    : new Classification(ErrorCode.UPSTREAM_REJECTED, false);
        }
        if (status == 401 || status == 403) {
            return new Classification(ErrorCode.UPSTREAM_AUTH_FAILED, false);
        }
        if (status == 429) {
            // Out of credit is not cured by waiting a few seconds; a rate limit is.
            return INSUFFICIENT_QUOTA.equals(code)
                    ? new Classification(ErrorCode.INSUFFICIENT_QUOTA, false)
                    : new Classification(ErrorCode.RATE_LIMITED, true);
        }
        if (status == 408) {
            return new Classification(ErrorCode.UPSTREAM_TIMEOUT, true);
        }
        if (status == 409) {
            // OpenAI answers 409 for a conflicting concurrent operation; it clears on its own.
            return new Classification(ErrorCode.UPSTREAM_ERROR, true);
        }
        if (status >= 500) {
            return new Classification(ErrorCode.UPSTREAM_ERROR, true);
        }
        // Any other 4xx means OpenAI refused this request as sent; sending it again will not change that.
        return new Classification(ErrorCode.UPSTREAM_REJECTED, false);
    }

    private static String openAiCode(OpenAiError error) {
        return error == null ? null : error.code();
    }
}
