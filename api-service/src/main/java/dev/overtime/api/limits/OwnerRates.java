package dev.overtime.api.limits;

import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request rate of each owner on this replica, all its keys together: the owner limit {@code requestsPerMinute}
 * (owner limits, {@code PUT /admin/owners/{owner}/limits}), as a token bucket holding a minute's worth and refilled
 * evenly. Told to clients beside the per-key policy, as a second member of the {@code RateLimit-Policy} and
 * {@code RateLimit} lists named {@code "per-owner"}. A changed limit starts the owner a fresh bucket.
 */
@ApplicationScoped
public class OwnerRates {

    private static final String POLICY_NAME = "\"per-owner\"";
    private static final int MAX_OWNERS = 100_000;

    private record Bucket(int perMinute, TokenBucket tokens) {
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Counts one request of the owner against {@code perMinute}: taken, or refused with the time until the next. */
    public TokenBucket.Take take(String owner, int perMinute) {
        Bucket bucket = buckets.get(owner);
        if (bucket == null || bucket.perMinute() != perMinute) {
            if (buckets.size() >= MAX_OWNERS) {
                buckets.values().removeIf(b -> b.tokens().isFull());
                if (buckets.size() >= MAX_OWNERS) {
                    buckets.clear();
                }
            }
            bucket = buckets.compute(owner, (o, old) -> old != null && old.perMinute() == perMinute ? old
                    : new Bucket(perMinute, new TokenBucket(perMinute, perMinute / 60.0, System::nanoTime)));
        }
        return bucket.tokens().take();
    }

    /** Adds the owner's policy and state to the rate-limit fields {@link KeyRates} wrote (Retry-After: the later). */
    public void describe(TokenBucket.Take take, int perMinute, HttpServerResponse response) {
        append(response, KeyRates.POLICY_HEADER, POLICY_NAME + ";q=" + perMinute + ";w=60");
        append(response, KeyRates.STATE_HEADER, POLICY_NAME + ";r=" + take.remaining() + ";t=" + take.resetSeconds());
        if (!take.taken()) {
            String before = response.headers().get("Retry-After");
            long seconds = Math.max(take.retryAfterSeconds(), before == null ? 0 : Long.parseLong(before));
            response.putHeader("Retry-After", String.valueOf(seconds));
        }
    }

    private static void append(HttpServerResponse response, String name, String member) {
        String before = response.headers().get(name);
        response.putHeader(name, before == null ? member : before + ", " + member);
    }
}
