package dev.overtime.api.auth;

/** What checking a presented API key came to. */
public sealed interface KeyCheck {

    /** The key is known and not revoked. */
    record Valid(ResolvedKey key) implements KeyCheck {
    }

    /** Unknown, revoked or malformed: {@code 401 UNAUTHENTICATED}. */
    record Invalid() implements KeyCheck {
    }

    /**
     * The client's address caused too many failed lookups lately, and this key is not one this replica knows: not
     * looked up at all ({@code 429 RATE_LIMITED}, Retry-After).
     */
    record Throttled(long retryAfterSeconds) implements KeyCheck {
    }
}
