package dev.overtime.simulator.http;

import dev.overtime.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-minute fixed window of requests and tokens, only so that {@code x-ratelimit-*} headers move
 * the way OpenAI's do; nothing is refused because of it.
 */
@ApplicationScoped
public class RateLimitWindow {

    private static final long WINDOW_MILLIS = 60_000;

    private final SimulatorConfig.RateLimits limits;
    private final AtomicLong windowStart = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();

    public RateLimitWindow(SimulatorConfig config) {
        this.limits = config.rateLimits();
    }

    public Snapshot record(long requestTokens) {
        long now = System.currentTimeMillis();
        long start = windowStart.get();
        if (now - start >= WINDOW_MILLIS && windowStart.compareAndSet(start, now)) {
            requests.set(0);
            tokens.set(0);
            start = now;
        }
        long usedRequests = requests.incrementAndGet();
        long usedTokens = tokens.addAndGet(requestTokens);
        long resetMillis = Math.max(0, WINDOW_MILLIS - (now - windowStart.get()));
        return new Snapshot(limits.requestsPerMinute(), Math.max(0, limits.requestsPerMinute() - usedRequests),
                limits.tokensPerMinute(), Math.max(0, limits.tokensPerMinute() - usedTokens), resetMillis);
    }

    public void reset() {
        windowStart.set(System.currentTimeMillis());
        requests.set(0);
        tokens.set(0);
    }

    public record Snapshot(long requestLimit, long requestsRemaining, long tokenLimit, long tokensRemaining,
            long resetMillis) {

        /** OpenAI writes resets as Go durations: {@code 1s}, {@code 6m0s}, {@code 120ms}. */
        public String reset() {
            if (resetMillis < 1000) {
                return resetMillis + "ms";
            }
            long seconds = resetMillis / 1000;
            return seconds >= 60 ? (seconds / 60) + "m" + (seconds % 60) + "s" : seconds + "s";
        }
    }
}
