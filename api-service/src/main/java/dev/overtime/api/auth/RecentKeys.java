package dev.overtime.api.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Recently presented valid keys, by key hash, for a short time. */
// Every request carries a key, and a database lookup for each one was a large share of a submit's cost.
// Unknown or revoked keys are never kept.
final class RecentKeys {

    private record Known(ResolvedKey key, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final Map<String, Known> byHash = new ConcurrentHashMap<>();
    // Bumped by every revocation: a lookup that began before one may have read the key as still active.
    private final AtomicLong revocations = new AtomicLong();

    RecentKeys(Duration ttl, int capacity) {
        this(ttl, capacity, System::nanoTime);
    }

    RecentKeys(Duration ttl, int capacity, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    Optional<ResolvedKey> key(String keyHash) {
        Known known = byHash.get(keyHash);
        if (known == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - known.expiresAtNanos() >= 0) {
            byHash.remove(keyHash, known);
            return Optional.empty();
        }
        return Optional.of(known.key());
    }

    /** Take before reading a key from the database; pass to {@link #remember}. */
    long revocationMark() {
        return revocations.get();
    }

    /** Keeps the key, unless a key was revoked since {@code mark} was taken: the read may predate that commit. */
    void remember(String keyHash, ResolvedKey key, long mark) {
        if (ttlNanos <= 0 || revocations.get() != mark) {
            return;
        }
        if (byHash.size() >= capacity) {
            // Crude but bounded: a flood of distinct keys empties the map rather than growing it.
            byHash.clear();
        }
        byHash.put(keyHash, new Known(key, nanoClock.getAsLong() + ttlNanos));
        if (revocations.get() != mark) {
            // A revocation landed while this was being stored.
            byHash.remove(keyHash);
        }
    }

    void forget(String keyHash) {
        revocations.incrementAndGet();
        byHash.remove(keyHash);
    }
}
