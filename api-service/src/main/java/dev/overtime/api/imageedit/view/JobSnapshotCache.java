package dev.overtime.api.imageedit.view;

import dev.overtime.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This replica's rendered status answers, by job id: what {@code GET /v1/image-edits/{id}} and its 304s are served
 * from. How stale an answer can be:
 * <ul>
 *   <li>a change this replica committed (accept, cancel) drops the entry before the request that made it answers;</li>
 *   <li>a change announced on {@code image-edit.events} drops it as soon as this replica consumes the event;</li>
 *   <li>no entry is served once {@code max-staleness} has passed since the read that filled it began, whatever
 *       the feed does: the bound for changes no event announces and for a feed that stalls;</li>
 *   <li>while the feed delivers events older than {@code max-feed-delay}, nothing is served from here.</li>
 * </ul>
 * A read that began before a drop can't put its older answer back ({@link #ticket()}), and no entry replaces one
 * of a newer version, so once a replica has seen a version it never answers an older one.
 */
@ApplicationScoped
public class JobSnapshotCache {

    private sealed interface Entry permits Cached, Dropped {
        long sinceNanos();
    }

    /** An answer, and when the read that produced it began. */
    private record Cached(RenderedJob job, long sinceNanos) implements Entry {
    }

    /** The job changed at {@code ticket}: answers read before then must not come back. */
    private record Dropped(long ticket, long sinceNanos) implements Entry {
    }

    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());
    private final LongSupplier nanoTime;
    private final long maxStalenessNanos;
    private final long maxFeedDelayMillis;
    private final int maxEntries;
    private final long maxBytes;
    private final long maxFeedDelayNanos;
    private volatile long behindUntilNanos;

    @Inject
    JobSnapshotCache(ApiConfig config) {
        this(config.jobCache(), System::nanoTime);
    }

    JobSnapshotCache(ApiConfig.JobCache config, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.maxStalenessNanos = config.maxStaleness().toNanos();
        this.maxFeedDelayMillis = config.maxFeedDelay().toMillis();
        this.maxFeedDelayNanos = config.maxFeedDelay().toNanos();
        this.behindUntilNanos = nanoTime.getAsLong();
        this.maxEntries = config.maxEntries();
        this.maxBytes = config.maxBytes();
    }

    /** Take one before reading a job from the database, and hand it to {@link #remember}. */
    public long ticket() {
        return clock.get();
    }

    /** The answer for this job if one is here, fresh enough and the feed is not behind. */
    public Optional<RenderedJob> fresh(UUID id) {
        if (maxStalenessNanos == 0 || nanoTime.getAsLong() - behindUntilNanos < 0) {
            return Optional.empty();
        }
        return entries.get(id) instanceof Cached cached && !expired(cached) ? Optional.of(cached.job()) : Optional.empty();
    }

    /**
     * Keeps an answer read from the database after {@code ticket} was taken; refused if the job was dropped since,
     * if a newer version is already here, or if the cache is full.
     */
    public void remember(RenderedJob job, long ticket, long readStartedNanos) {
        if (maxStalenessNanos == 0) {
            return;
        }
        sweepNowAndThen();
        if (entries.size() >= maxEntries || bytes.get() + job.json().length > maxBytes) {
            return;
        }
        Cached fresh = new Cached(job, readStartedNanos);
        entries.compute(job.id(), (id, current) -> {
            Entry kept = switch (current) {
                case null -> fresh;
                case Dropped dropped -> dropped.ticket() > ticket ? dropped : fresh;
                case Cached cached -> cached.job().version() > job.version() ? cached : fresh;
            };
            if (kept != current) {
                bytes.addAndGet(size(kept) - size(current));
            }
            return kept;
        });
    }

    /** The job changed (the feed said so, or this replica changed it): its answer must be read again. */
    public void drop(UUID id) {
        Dropped dropped = new Dropped(clock.incrementAndGet(), nanoTime.getAsLong());
        Entry previous = entries.put(id, dropped);
        bytes.addAndGet(-size(previous));
    }

    /**
     * The feed delivered an event created at {@code createdAt}: a late one (a backlog, a replay) means changes may be
     * waiting behind it, so answers are read from the database until an event arrives on time again, or for
     * {@code max-feed-delay} after the last late one (the staleness bound covers whatever came after it).
     */
    public void eventDelivered(Instant createdAt) {
        if (createdAt == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        behindUntilNanos = Duration.between(createdAt, Instant.now()).toMillis() > maxFeedDelayMillis
                ? now + maxFeedDelayNanos : now;
    }

    public int size() {
        return entries.size();
    }

    private boolean expired(Entry entry) {
        return nanoTime.getAsLong() - entry.sinceNanos() > maxStalenessNanos;
    }

    // Expired answers are useless and drops older than max-staleness protect nothing (a read begun before them
    // would be expired itself), so both go, once per max-staleness at most.
    private void sweepNowAndThen() {
        long last = lastSweepNanos.get();
        long now = nanoTime.getAsLong();
        if (now - last < maxStalenessNanos || !lastSweepNanos.compareAndSet(last, now)) {
            return;
        }
        entries.forEach((id, entry) -> {
            if (expired(entry) && entries.remove(id, entry)) {
                bytes.addAndGet(-size(entry));
            }
        });
    }

    private static long size(Entry entry) {
        return entry instanceof Cached cached ? cached.job().json().length : 0;
    }
}
