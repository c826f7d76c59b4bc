package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.TokenUsage;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.client.UpstreamResult.Succeeded;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamResultsTest {

    private final UpstreamResults results = new UpstreamResults(new ObjectMapper());

    @Test
    void readTimeoutAnywhereInTheCauseChainIsATimeout() {
        assertTrue(UpstreamResults.isTimeout(new ProcessingException(new TimeoutException("idle"))));
    }

    @Test
    void refusedConnectionIsNotATimeout() {
        assertFalse(UpstreamResults.isTimeout(new ProcessingException(new ConnectException("refused"))));
        assertEquals(FailureKind.CONNECTION,
                ((Failed) UpstreamResults.unreachable(new ConnectException("refused"))).kind());
    }

    @Test
    void successDecodesEveryImageInOrderWithTheUsage() {
        byte[] first = {1, 2, 3};
        byte[] second = {4, 5};
        String body = "{\"data\":[{\"b64_json\":\"" + b64(first) + "\"},{\"b64_json\":\"" + b64(second) + "\"}],"
                + "\"usage\":{\"input_tokens\":50,\"output_tokens\":40,\"total_tokens\":90}}";

        Succeeded succeeded = (Succeeded) results.success(200, "req_1", bytes(body));

        assertEquals(2, succeeded.images().size());
        assertArrayEquals(first, succeeded.images().get(0));
        assertArrayEquals(second, succeeded.images().get(1));
        assertEquals(new TokenUsage(50L, 40L, 90L), succeeded.usage());
        assertEquals("req_1", succeeded.upstreamRequestId());
    }

    @Test
    void successWithoutImagesIsAnInvalidResponse() {
        Failed failed = (Failed) results.success(200, "req_2", bytes("{\"data\":[]}"));

        assertEquals(FailureKind.INVALID_RESPONSE, failed.kind());
        assertEquals("the upstream returned no images", failed.error().message());
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

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
