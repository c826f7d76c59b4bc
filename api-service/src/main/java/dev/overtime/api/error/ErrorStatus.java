package dev.overtime.api.error;

import dev.overtime.common.ErrorCode;

/** The HTTP status each error code is answered with; one table so the two never drift apart. */
public final class ErrorStatus {

    private ErrorStatus() {
    }

    public static int of(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED, API_KEY_IN_URL, TOKEN_EXPIRED -> 401;
            case FORBIDDEN, NOT_ENTITLED, OUTSIDE_TOKEN_SCOPE, PRIORITY_NOT_ALLOWED -> 403;
            case CREDITS_EXHAUSTED, BUDGET_EXCEEDED -> 402;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case REQUEST_TIMEOUT -> 408;
            case PAYLOAD_TOO_LARGE -> 413;
            case LENGTH_REQUIRED -> 411;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UPSTREAM_ERROR -> 502;
            case SERVICE_UNAVAILABLE, UPSTREAM_UNAVAILABLE, OVERLOADED -> 503;
            case OUTPUT_EXPIRED -> 410;
            case UPSTREAM_TIMEOUT, DEADLINE_EXCEEDED -> 504;
            case INTERNAL_ERROR -> 500;
            case RATE_LIMITED, TOO_MANY_STREAMS, QUEUE_FULL -> 429;
            case IDEMPOTENCY_IN_PROGRESS -> 409;
            case IDEMPOTENCY_KEY_REUSED -> 422;
            default -> 400;
        };
    }
}
