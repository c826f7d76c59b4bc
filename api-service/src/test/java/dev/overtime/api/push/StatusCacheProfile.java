package dev.overtime.api.push;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Status reads from the per-replica cache, with a staleness bound longer than any test: only the change feed (or the
 * replica's own write) can make a cached answer go, so a test that sees it go has proven the feed did it. Such
 * answers are given on the event loop (ImageEditResource.get).
 */
public class StatusCacheProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // The queue head too: a queued job's 200 is then answered from memory like every other cached answer.
        return Map.of("overtime.api.job-cache.max-staleness", "1h",
                "overtime.api.job-cache.queue-head-refresh", "1h");
    }
}
