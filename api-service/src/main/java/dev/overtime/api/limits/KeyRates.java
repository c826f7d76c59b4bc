package dev.overtime.api.limits;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.LimitsConfig;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The request rate of each API key on this replica ({@code overtime.api.limits.rate}), as a token bucket, and how it
 * is told to clients: the {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers
 * on every answer, Retry-After on a refusal.
 */
@ApplicationScoped
public class KeyRates {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String STATE_HEADER = "RateLimit";
    private static final String POLICY_NAME = "\"per-key\"";
    private static final int MAX_KEYS = 100_000;

    private final KeyedBuckets<UUID> buckets;
    private final String policy;

    public KeyRates(ApiConfig config) {
        LimitsConfig.Rate rate = config.limits().rate();
        this.buckets = new KeyedBuckets<>(rate.burst(), rate.requestsPerSecond(), MAX_KEYS, System::nanoTime);
        // The quota is the burst; the window is how long an empty bucket takes to fill again.
        long window = (long) Math.ceil(rate.burst() / rate.requestsPerSecond());
        this.policy = POLICY_NAME + ";q=" + rate.burst() + ";w=" + window;
    }

    /** Counts one request of the key: taken, or refused with the time until the next token. */
    public TokenBucket.Take take(UUID keyId) {
        return buckets.take(keyId);
    }

    /** Writes the rate-limit fields (and Retry-After for a refusal) onto an answer not yet sent. */
    public void describe(TokenBucket.Take take, HttpServerResponse response) {
        response.putHeader(POLICY_HEADER, policy);
        response.putHeader(STATE_HEADER, POLICY_NAME + ";r=" + take.remaining() + ";t=" + take.resetSeconds());
        if (!take.taken()) {
            response.putHeader("Retry-After", String.valueOf(take.retryAfterSeconds()));
        }
    }
}
