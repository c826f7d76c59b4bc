package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamResultsTest {

    private final UpstreamResults results = new UpstreamResults(new ObjectMapper());

    @Test
    void readTimeoutAnywhereInTheCauseChainIsATimeout() {
        assertTrue(UpstreamResults.isTimeout(new IOException(new TimeoutException("idle"))));
        assertTrue(UpstreamResults.isTimeout(new HttpTimeoutException("request timed out")));
    }

    @Test
    void refusedConnectionIsNotATimeout() {
        assertFalse(UpstreamResults.isTimeout(new IOException(new ConnectException("refused"))));
        assertFalse(UpstreamResults.isTimeout(new HttpConnectTimeoutException("connect timed out")));
        assertEquals(FailureKind.CONNECTION,
                ((Failed) UpstreamResults.unreachable(null, null, new ConnectException("refused"))).kind());
    }

    @Test
    void errorStatusKeepsOpenAisOwnErrorAndTheRetryHint() {
        Failed failed = (Failed) results.httpError(429, "req_3", bytes("{\"error\":{\"message\":\"Rate limit reached\","
                + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"), Duration.ofSeconds(2));

        assertEquals(FailureKind.HTTP_ERROR, failed.kind());
        assertEquals(429, failed.httpStatus());
        assertEquals("rate_limit_exceeded", failed.error().code());
        assertEquals("Rate limit reached", failed.error().message());
        assertEquals(Duration.ofSeconds(2), failed.retryAfter());
    }

    @Test
    void errorBodyThatIsNotOpenAisEnvelopeIsDescribedByItsStatus() {
        Failed failed = (Failed) results.httpError(502, null, bytes("<html>Bad Gateway</html>"), null);

        assertEquals(FailureKind.HTTP_ERROR, failed.kind());
        assertEquals("the upstream answered HTTP 502", failed.error().message());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
