package dev.overtime.api.owners.service;

import dev.overtime.api.config.OwnerLimitsConfig;
import dev.overtime.api.owners.OwnerLimits;
import dev.overtime.api.owners.Priority;
import dev.overtime.api.owners.persistence.OwnerLimitRows;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Owners' limits in effect, as the hot paths (the edge's rate check, every submit) read them: from memory, never
 * older than {@code overtime.limits.cache-ttl}. An entry past half its life is read again in the background while it
 * keeps answering, so an owner that sends requests steadily never waits for PostgreSQL (a request waiting on a worker
 * thread behind a flood of key lookups was the slowest of a legitimate client's); only an owner not seen for a TTL
 * waits for one read. An admin PUT on this replica replaces the entry at once; other replicas see it within the TTL.
 * Bounded: past {@link #MAX_OWNERS} entries the table starts over.
 */
@ApplicationScoped
public class OwnerLimitsCache {

    static final int MAX_OWNERS = 100_000;

    private record Entry(OwnerLimits limits, long loadedAt) {
    }

    private final OwnerLimitRows rows;
    private final OwnerLimitsConfig defaults;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    @Inject
    public OwnerLimitsCache(OwnerLimitRows rows, OwnerLimitsConfig defaults) {
        this(rows, defaults, System::nanoTime);
    }

    OwnerLimitsCache(OwnerLimitRows rows, OwnerLimitsConfig defaults, LongSupplier nanoClock) {
        this.rows = rows;
        this.defaults = defaults;
        this.ttlNanos = defaults.cacheTtl().toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Without blocking: the owner's limits if this replica read them within the TTL (past half of it, a read in the
     * background brings them up to date for the requests after this one).
     */
    public Optional<OwnerLimits> cached(String owner) {
        Entry entry = entries.get(owner);
        long age = entry == null ? Long.MAX_VALUE : nanoClock.getAsLong() - entry.loadedAt();
        if (age >= ttlNanos) {
            return Optional.empty();
        }
        if (age >= ttlNanos / 2) {
            refreshInBackground(owner);
        }
        return Optional.of(entry.limits());
    }

    /** The owner's limits, read from PostgreSQL when not cached (blocks: not on the event loop). */
    public OwnerLimits of(String owner) {
        return cached(owner).orElseGet(() -> load(owner));
    }

    /**
     * As {@link #of}, but the defaults when PostgreSQL can't be read: the rate check at the edge must not turn a
     * database outage into refusing every request (the request itself then fails on its own terms if it needs it).
     */
    public OwnerLimits ofOrDefaults(String owner) {
        try {
            return of(owner);
        } catch (RuntimeException e) {
            Log.warnf("could not read the owner's limits; using the defaults for this request: %s", e.toString());
            return withDefaults(null);
        }
    }

    /** Replaces the entry after this replica changed the owner's limits. */
    void put(String owner, OwnerLimitRows.Row row) {
        remember(owner, withDefaults(row));
    }

    // One read at a time per owner, on a virtual thread; a failed one leaves the entry to expire (then a request reads).
    private void refreshInBackground(String owner) {
        if (!refreshing.add(owner)) {
            return;
        }
        Thread.ofVirtual().name("owner-limits-refresh").start(() -> {
            try {
                load(owner);
            } catch (RuntimeException e) {
                Log.debugf("could not refresh the owner's limits: %s", e.toString());
            } finally {
                refreshing.remove(owner);
            }
        });
    }

    private OwnerLimits load(String owner) {
        OwnerLimits limits = withDefaults(rows.find(owner).orElse(null));
        remember(owner, limits);
        return limits;
    }

    private void remember(String owner, OwnerLimits limits) {
        if (entries.size() >= MAX_OWNERS) {
            entries.clear();
        }
        entries.put(owner, new Entry(limits, nanoClock.getAsLong()));
    }

    /** The row's limits, the configured default for each it leaves null (all defaults for no row). */
    OwnerLimits withDefaults(OwnerLimitRows.Row row) {
        if (row == null) {
            return new OwnerLimits(defaults.maxConcurrentEdits(), defaults.maxQueuedJobs(),
                    defaults.requestsPerMinute(), defaults.monthlyBudgetUsd().orElse(null), defaults.maxPriority());
        }
        Priority maxPriority = row.maxPriority() == null ? defaults.maxPriority() : Priority.ofWire(row.maxPriority());
        return new OwnerLimits(
                row.maxConcurrentEdits() == null ? defaults.maxConcurrentEdits() : row.maxConcurrentEdits(),
                row.maxQueuedJobs() == null ? defaults.maxQueuedJobs() : row.maxQueuedJobs(),
                row.requestsPerMinute() == null ? defaults.requestsPerMinute() : row.requestsPerMinute(),
                row.monthlyBudgetUsd() == null ? defaults.monthlyBudgetUsd().orElse(null) : row.monthlyBudgetUsd(),
                maxPriority);
    }
}
