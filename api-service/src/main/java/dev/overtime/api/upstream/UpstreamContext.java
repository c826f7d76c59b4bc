package dev.overtime.api.upstream;

import jakarta.enterprise.context.RequestScoped;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What this request's upstream calls did: when each began, and which ones a fallback stood in for. */
@RequestScoped
public class UpstreamContext {

    private final Set<String> degraded = new LinkedHashSet<>();
    private final Map<String, Long> startedAt = new HashMap<>();

    /** Marks the first attempt's start; retries keep it so durations cover the whole call. */
    public void attemptStarted(String upstream) {
        startedAt.putIfAbsent(upstream, System.nanoTime());
    }

    /** Milliseconds since the call's first attempt (0 if none ran, e.g. circuit open); forgets the start. */
    public long finished(String upstream) {
        Long start = startedAt.remove(upstream);
        return start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
    }

    public void degraded(String upstream) {
        degraded.add(upstream);
    }

    public Set<String> degradedUpstreams() {
        return Set.copyOf(degraded);
    }

    public boolean isDegraded() {
        return !degraded.isEmpty();
    }

    /** The {@code Overtime-Degraded} header value, in the order the fallbacks happened. */
    public String header() {
        return String.join(", ", degraded);
    }
}
