package dev.overtime.api.auth;

import java.time.Instant;
import java.util.UUID;

/** What a job token grants: reading {@code jobId}, on behalf of the key {@code keyId} that minted it, until then. */
public record JobToken(UUID jobId, UUID keyId, Instant expiresAt) {
}
