package dev.overtime.api.auth;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints and checks job tokens: credentials a browser may hold, which only read one job (its status, events,
 * outputs, variants and partial images; a WebSocket subscription to it), for at most {@code max-ttl}. A token acts
 * for the key that minted it: that key's rate and stream limits apply, and revoking the key ends its tokens (as
 * fast as revocation reaches keys: at once here, within {@code key-cache-ttl} elsewhere).
 */
@Startup // a missing or short secret must stop the start, not the first browser that asks for a token
@ApplicationScoped
public class JobTokens {

    private final JobTokenCodec codec;
    private final ApiKeyService keys;
    private final ApiConfig.JobTokens config;
    private final Clock clock;

    public JobTokens(ApiConfig config, ApiKeyService keys) {
        // Expiry is tested on JobTokenCodec with a fixed clock; this bean only ever runs on the real one.
        this.clock = Clock.systemUTC();
        this.config = config.jobTokens();
        List<String> secrets = new ArrayList<>();
        secrets.add(this.config.secret());
        this.config.previousSecrets().ifPresent(secrets::addAll);
        this.codec = new JobTokenCodec(secrets, clock);
        this.keys = keys;
    }

    /** Whether a presented credential is meant as a job token (API keys never start like one). */
    public static boolean isJobToken(String presented) {
        return JobTokenCodec.looksLikeToken(presented);
    }

    /** A token for reading {@code jobId} as {@code key}; {@code ttlSeconds} from 1 to {@code max-ttl}. */
    public IssuedToken mint(UUID jobId, ResolvedKey key, Optional<Long> ttlSeconds) {
        long maxSeconds = config.maxTtl().toSeconds();
        long seconds = ttlSeconds.orElse(config.defaultTtl().toSeconds());
        if (seconds < 1 || seconds > maxSeconds) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "ttlSeconds must be an integer from 1 to " + maxSeconds + ".", "ttlSeconds");
        }
        Instant expiresAt = clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        return new IssuedToken(codec.sign(new JobToken(jobId, key.id(), expiresAt)), expiresAt);
    }

    /** Answers without blocking when it can: empty when only the database can tell whether the key is active. */
    public Optional<TokenCheck> checkRemembered(String presented) {
        return switch (codec.read(presented)) {
            case JobTokenCodec.Read.Valid valid ->
                    keys.checkRememberedId(valid.token().keyId()).map(check -> decide(valid.token(), check));
            case JobTokenCodec.Read.Expired expired -> Optional.of(expired());
            case JobTokenCodec.Read.Invalid invalid -> Optional.of(invalid());
        };
    }

    /** Blocking (may read the key table): whether a presented job token may be used now. */
    public TokenCheck check(String presented) {
        return switch (codec.read(presented)) {
            case JobTokenCodec.Read.Valid valid -> decide(valid.token(), keys.checkId(valid.token().keyId()));
            case JobTokenCodec.Read.Expired expired -> expired();
            case JobTokenCodec.Read.Invalid invalid -> invalid();
        };
    }

    private static TokenCheck decide(JobToken token, KeyCheck check) {
        if (check instanceof KeyCheck.Valid valid) {
            return new TokenCheck.Valid(valid.key(), token.jobId());
        }
        return new TokenCheck.Refused(ErrorCode.UNAUTHENTICATED, "The API key that minted this job token was revoked.");
    }

    private static TokenCheck expired() {
        return new TokenCheck.Refused(ErrorCode.TOKEN_EXPIRED,
                "This job token has expired: mint a new one with POST /v1/image-edits/{id}/tokens.");
    }

    private static TokenCheck invalid() {
        return new TokenCheck.Refused(ErrorCode.UNAUTHENTICATED, "The job token is not valid.");
    }

    /** A minted token; the plain value exists only here and in the answer (nothing is stored). */
    public record IssuedToken(String token, Instant expiresAt) {
    }
}
