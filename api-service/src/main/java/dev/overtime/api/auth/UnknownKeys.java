package dev.overtime.api.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Key hashes the database did not know, remembered briefly: the same bad key again costs no lookup. */
// Keys are 24 random bytes, so a hash unknown now does not become valid later: a new key has a new hash.
final class UnknownKeys {

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final Map<String, Long> expiryByHash = new ConcurrentHashMap<>();

    UnknownKeys(Duration ttl, int capacity, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    boolean isKnownUnknown(String keyHash) {
        Long expiresAt = expiryByHash.get(keyHash);
        if (expiresAt == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiresAt >= 0) {
            expiryByHash.remove(keyHash, expiresAt);
            return false;
        }
        return true;
    }

    void remember(String keyHash) {
        if (ttlNanos <= 0) {
            return;
        }
        if (expiryByHash.size() >= capacity) {
            long now = nanoClock.getAsLong();
            expiryByHash.values().removeIf(expiresAt -> now - expiresAt >= 0);
            if (expiryByHash.size() >= capacity) {
                // A flood of distinct made-up keys: the per-address limit (FailedLookups) is what stops that one.
                expiryByHash.clear();
            }
        }
        expiryByHash.put(keyHash, nanoClock.getAsLong() + ttlNanos);
    }
}
