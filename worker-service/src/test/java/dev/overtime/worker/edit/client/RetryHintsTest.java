package dev.overtime.worker.edit.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryHintsTest {

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        assertEquals(Duration.ofMillis(1234), RetryHints.from(429, Map.of("retry-after-ms", "1234", "retry-after", "9")::get));
    }

    @Test
    void readsRetryAfterInSeconds() {
        assertEquals(Duration.ofSeconds(7), RetryHints.from(503, Map.of("retry-after", "7")::get));
    }

    @Test
    void rateLimitResetIsReadOnlyForAnExhaustedLimitOfA429() {
        Map<String, String> headers = Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1m30.5s",
                "x-ratelimit-remaining-tokens", "900", "x-ratelimit-reset-tokens", "6m0s");
        assertEquals(Duration.ofMillis(90_500), RetryHints.from(429, headers::get));
        assertNull(RetryHints.from(500, headers::get));
    }

    @Test
    void readsOpenAiDurations() {
        assertEquals(Duration.ofMillis(20), RetryHints.openAiDuration("20ms"));
        assertEquals(Duration.ofMillis(1500), RetryHints.openAiDuration("1.5s"));
        assertEquals(Duration.ofMinutes(62), RetryHints.openAiDuration("1h2m"));
        assertNull(RetryHints.openAiDuration("soon"));
    }

    @Test
    void givesNoHintWithoutHeaders() {
        assertNull(RetryHints.from(429, Map.<String, String>of()::get));
    }
}
