package dev.overtime.api.accounts.client;

import dev.overtime.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last entitlements seen per owner, least recently used evicted: the fallback when accounts fails. */
@ApplicationScoped
class EntitlementCache {

    private final Map<String, Entitlements> byOwner;

    EntitlementCache(ApiConfig config) {
        int capacity = config.accounts().cacheSize();
        this.byOwner = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entitlements> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String owner, Entitlements entitlements) {
        byOwner.put(owner, entitlements);
    }

    synchronized Optional<Entitlements> lastSeen(String owner) {
        return Optional.ofNullable(byOwner.get(owner));
    }
}
