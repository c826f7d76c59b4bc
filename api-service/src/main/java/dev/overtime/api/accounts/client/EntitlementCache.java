package dev.overtime.api.accounts.client;

import dev.overtime.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last entitlements seen per owner and when, least recently used evicted: reused for a few seconds by
 * {@link RecentEntitlements}, and the fallback when accounts fails.
 */
@ApplicationScoped
class EntitlementCache {

    private record Seen(Entitlements entitlements, long atNanos) {
    }

    private final Map<String, Seen> byOwner;

    EntitlementCache(ApiConfig config) {
        int capacity = config.accounts().cacheSize();
        this.byOwner = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String owner, Entitlements entitlements) {
        byOwner.put(owner, new Seen(entitlements, System.nanoTime()));
    }

    synchronized Optional<Entitlements> lastSeen(String owner) {
        return Optional.ofNullable(byOwner.get(owner)).map(Seen::entitlements);
    }

    /** The owner's entitlements if the accounts service answered them less than {@code maxAgeNanos} ago. */
    synchronized Optional<Entitlements> seenWithin(String owner, long maxAgeNanos) {
        Seen seen = byOwner.get(owner);
        return seen != null && System.nanoTime() - seen.atNanos() < maxAgeNanos
                ? Optional.of(seen.entitlements()) : Optional.empty();
    }
}
