package dev.overtime.api.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code perSecond}; each allowed
 * action takes one. A burst of {@code capacity} passes at once, after that {@code perSecond} on average.
 */
public final class TokenBucket {

    /** What one attempt to take a token came to. */
    public record Take(boolean taken, long remaining, long nanosUntilNext, long nanosUntilFull) {

        /** Whole seconds until a token is back, at least 1: the Retry-After of a refusal. */
        public long retryAfterSeconds() {
            return Math.max(1, ceilSeconds(nanosUntilNext));
        }

        /** Whole seconds until the bucket is full again. */
        public long resetSeconds() {
            return ceilSeconds(nanosUntilFull);
        }

        private static long ceilSeconds(long nanos) {
            return (nanos + 999_999_999L) / 1_000_000_000L;
        }
    }

    private final double capacity;
    private final double perSecond;
    private final double perNano;
    private final LongSupplier nanoClock;
    private double tokens;
    private long updatedAt;

    public TokenBucket(double capacity, double perSecond, LongSupplier nanoClock) {
        if (capacity < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a bucket holds at least one token and refills: " + capacity + ", "
                    + perSecond);
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.perNano = perSecond / 1e9;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.updatedAt = nanoClock.getAsLong();
    }

    public synchronized Take take() {
        refill();
        boolean taken = tokens >= 1;
        if (taken) {
            tokens -= 1;
        }
        return new Take(taken, (long) Math.floor(tokens), nanosUntil(1), nanosUntil(capacity));
    }

    /** Returns a token taken for an action that turned out not to count. */
    public synchronized void giveBack() {
        refill();
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Full: the bucket says nothing a fresh one would not, so it may be dropped. */
    public synchronized boolean isFull() {
        refill();
        return tokens >= capacity;
    }

    private long nanosUntil(double level) {
        return tokens >= level ? 0 : (long) Math.ceil((level - tokens) * 1e9 / perSecond);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updatedAt = now;
        }
    }
}
