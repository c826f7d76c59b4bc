package dev.overtime.worker.edit.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The times the job transitions write and the durations their events report. */
public final class JobClock {

    private JobClock() {
    }

    /** Now, to the microsecond: PostgreSQL keeps microseconds, so what we return equals what we stored. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Milliseconds from {@code from} to {@code to}; 0 when either is unknown or they are out of order. */
    public static long millisBetween(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }
}
