package dev.overtime.simulator.stats;

import dev.overtime.simulator.error.OpenAiException;

/** Names the outcome of a request that ended in an error. */
public final class Outcomes {

    private Outcomes() {
    }

    public static Outcome of(Throwable failure) {
        if (!(failure instanceof OpenAiException e)) {
            return Outcome.SERVER_ERROR;
        }
        if (e.code() == null) {
            return e.status() >= 500 ? Outcome.SERVER_ERROR : Outcome.INVALID_REQUEST;
        }
        return switch (e.code()) {
            case INVALID_API_KEY -> Outcome.UNAUTHORIZED;
            case RATE_LIMIT_EXCEEDED -> Outcome.RATE_LIMIT;
            case INSUFFICIENT_QUOTA -> Outcome.INSUFFICIENT_QUOTA;
            case MODERATION_BLOCKED -> Outcome.MODERATION_BLOCKED;
            case TIMEOUT -> Outcome.HANG;
            case SERVER_ERROR -> Outcome.SERVER_ERROR;
            default -> Outcome.INVALID_REQUEST;
        };
    }
}
