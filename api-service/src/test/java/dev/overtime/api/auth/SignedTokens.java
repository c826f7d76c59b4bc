package dev.overtime.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test-side signing, for tokens the API would never mint (already expired, or for a job the caller never owned). */
public final class SignedTokens {

    /** The {@code %test} secret in application.properties. */
    public static final String TEST_SECRET = "test-only-job-token-secret-not-for-production";

    private SignedTokens() {
    }

    public static String sign(UUID jobId, UUID keyId, Instant expiresAt) {
        return new JobTokenCodec(List.of(TEST_SECRET), Clock.systemUTC()).sign(new JobToken(jobId, keyId, expiresAt));
    }
}
