package dev.overtime.api.push.auth;

import dev.overtime.api.auth.ApiKeyService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Resolves the caller of a streaming endpoint (SSE, WebSocket). Besides {@code Authorization:
 * Bearer}, these accept the key as an {@code access_token} query parameter, and only these:
 * browsers' {@code EventSource} and {@code WebSocket} cannot send headers at all. Query strings
 * end up in access logs and browser history, so the REST endpoints keep refusing it.
 */
@ApplicationScoped
public class StreamCallers {

    public static final String QUERY_PARAMETER = "access_token";
    private static final String BEARER = "Bearer ";

    private final ApiKeyService keys;

    public StreamCallers(ApiKeyService keys) {
        this.keys = keys;
    }

    /** Blocking (reads the key table): the owner whose key was presented, if it is valid. */
    public Optional<String> ownerOf(String authorizationHeader, String accessToken) {
        String key = null;
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = authorizationHeader.substring(BEARER.length()).trim();
        } else if (accessToken != null && !accessToken.isBlank()) {
            key = accessToken.trim();
        }
        return key == null || key.isEmpty() ? Optional.empty() : keys.ownerOf(key);
    }
}
