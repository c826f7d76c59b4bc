package dev.overtime.common;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for rows that are written once and looked up by id for ever (jobs, batches): version 7 UUIDs (RFC 9562), the
 * creation millisecond first, then 74 random bits. Random (version 4) ids land anywhere in the primary key and in
 * every index that leads with the job id (inputs, outputs, attempts), so B-tree pages split half full all over them;
 * ids that grow with time are appended at the right edge, which leaves pages full and keeps the pages an insert
 * touches in memory (bench/realsize.sh: about 0.2 KB an edit less). The random bits still make an id unguessable,
 * and every read checks its owner anyway. Within one millisecond the ids of this process still grow: the 12 bits
 * after the timestamp count (seeded at random each millisecond).
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The last timestamp (ms, high 48 bits) and counter (low 12 bits) handed out, as {@code ms << 12 | counter}. */
    private static final AtomicLong LAST = new AtomicLong();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return next(System.currentTimeMillis());
    }

    static UUID next(long nowMillis) {
        long stamp = LAST.updateAndGet(last -> {
            long fresh = nowMillis << 12 | RANDOM.nextInt(1 << 11); // half the counter's room left for the same ms
            return fresh > last ? fresh : last + 1; // a clock that stepped back, or the same millisecond: count on
        });
        long millis = stamp >>> 12;
        long counter = stamp & 0xfff;
        long high = (millis & 0xffff_ffff_ffffL) << 16 | 0x7000L | counter;
        long low = RANDOM.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
