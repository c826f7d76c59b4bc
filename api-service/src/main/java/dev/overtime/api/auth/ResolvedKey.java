package dev.overtime.api.auth;

import java.util.UUID;

/** A presented API key that checked out: its id (what limits count and revocation names) and the owner it serves. */
public record ResolvedKey(UUID id, String owner) {
}
