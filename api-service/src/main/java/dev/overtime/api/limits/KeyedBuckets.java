package dev.overtime.api.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (an API key, a client address), made on first use and bounded in number: a full
 * bucket is the same as none, so full ones are dropped when the table grows past its size.
 */
public final class KeyedBuckets<K> {

    private final double capacity;
    private final double perSecond;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();

    public KeyedBuckets(double capacity, double perSecond, int maxKeys, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    public TokenBucket.Take take(K key) {
        return bucketOf(key).take();
    }

    public void giveBack(K key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.giveBack();
        }
    }

    /** Whether {@code key} has a token now, without taking it. */
    public boolean hasToken(K key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            return true;
        }
        TokenBucket.Take take = bucket.take();
        if (take.taken()) {
            bucket.giveBack();
        }
        return take.taken();
    }

    int size() {
        return buckets.size();
    }

    private TokenBucket bucketOf(K key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            buckets.values().removeIf(TokenBucket::isFull);
            if (buckets.size() >= maxKeys) {
                // Every bucket is in use, by a flood of distinct keys: start over rather than grow without bound.
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, perSecond, nanoClock));
    }
}
