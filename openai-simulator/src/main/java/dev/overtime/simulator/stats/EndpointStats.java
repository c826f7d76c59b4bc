package dev.overtime.simulator.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Lock-free counters for one endpoint: requests seen, in flight, and how they ended. */
public final class EndpointStats {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLongArray outcomes = new AtomicLongArray(Outcome.values().length);

    public void started() {
        total.incrementAndGet();
        inFlight.incrementAndGet();
    }

    public void finished(Outcome outcome) {
        inFlight.decrementAndGet();
        outcomes.incrementAndGet(outcome.ordinal());
    }

    /** Zeroes the counters but keeps requests still in flight, which will finish and be counted. */
    public void reset() {
        total.set(0);
        for (int i = 0; i < outcomes.length(); i++) {
            outcomes.set(i, 0);
        }
    }

    public Snapshot snapshot() {
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome.key(), outcomes.get(outcome.ordinal()));
        }
        return new Snapshot(total.get(), inFlight.get(), byOutcome);
    }

    public record Snapshot(long total, long inFlight, Map<String, Long> outcomes) {
    }

}
