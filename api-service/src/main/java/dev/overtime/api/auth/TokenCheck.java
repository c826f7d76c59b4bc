package dev.overtime.api.auth;

import dev.overtime.common.ErrorCode;

import java.util.UUID;

/** What checking a presented job token came to. */
public sealed interface TokenCheck {

    /** Authentic, unexpired, and minted by a key still active: reads {@code jobId} as {@code key}. */
    record Valid(ResolvedKey key, UUID jobId) implements TokenCheck {
    }

    /** Forged, expired ({@code TOKEN_EXPIRED}) or minted by a revoked key: answered with this code and message. */
    record Refused(ErrorCode code, String message) implements TokenCheck {
    }
}
