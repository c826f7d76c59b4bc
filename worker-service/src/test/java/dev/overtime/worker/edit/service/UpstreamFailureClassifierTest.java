package dev.overtime.worker.edit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.ErrorCode;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.worker.edit.client.OpenAiError;
import dev.overtime.worker.edit.client.UpstreamResult.Failed;
import dev.overtime.worker.edit.client.UpstreamResult.FailureKind;
import dev.overtime.worker.edit.service.UpstreamFailureClassifier.Classification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstreamFailureClassifierTest {

    private final UpstreamFailureClassifier classifier = new UpstreamFailureClassifier();

    @ParameterizedTest(name = "HTTP {0} code={1} -> {2} retryable={3}")
    @CsvSource(nullValues = "null", value = {
            "400, null,                     UPSTREAM_REJECTED,    false",
            "400, invalid_image,            UPSTREAM_REJECTED,    false",
            "400, moderation_blocked,       MODERATION_BLOCKED,   false",
            "401, invalid_api_key,          UPSTREAM_AUTH_FAILED, false",
            "403, null,                     UPSTREAM_AUTH_FAILED, false",
            "404, null,                     UPSTREAM_REJECTED,    false",
            "408, null,                     UPSTREAM_TIMEOUT,     true",
            "429, insufficient_quota,       INSUFFICIENT_QUOTA,   false",
            "429, rate_limit_exceeded,      RATE_LIMITED,         true",
            "429, null,                     RATE_LIMITED,         true",
            "500, null,                     UPSTREAM_ERROR,       true",
            "502, null,                     UPSTREAM_ERROR,       true",
            "503, null,                     UPSTREAM_ERROR,       true",
    })
    void mapsStatusAndOpenAiCodeToStableErrorCode(int status, String code, ErrorCode expected, boolean retryable) {
        Failed failure = new Failed(status, "req_1", FailureKind.HTTP_ERROR, new OpenAiError("m", "t", null, code));

        assertEquals(new Classification(expected, retryable), classifier.classify(failure));
    }

    @Test
    void timeoutIsUpstreamTimeoutAndRetryable() {
        assertEquals(new Classification(ErrorCode.UPSTREAM_TIMEOUT, true),
                classifier.classify(new Failed(null, null, FailureKind.TIMEOUT, null)));
    }

    @Test
    void connectionErrorIsUpstreamErrorAndRetryable() {
        assertEquals(new Classification(ErrorCode.UPSTREAM_ERROR, true),
                classifier.classify(new Failed(null, null, FailureKind.CONNECTION, null)));
    }

    @Test
    void unreadableSuccessIsUpstreamError() {
        assertEquals(ErrorCode.UPSTREAM_ERROR,
                classifier.classify(new Failed(200, "req", FailureKind.INVALID_RESPONSE, null)).code());
    }

    @Test
    void errorWithoutEnvelopeIsClassifiedByStatusAlone() {
        assertEquals(ErrorCode.RATE_LIMITED,
                classifier.classify(new Failed(429, null, FailureKind.HTTP_ERROR, null)).code());
    }

    @Test
    void aModerationRefusalCarriesWhatTheSafetySystemSaid() throws Exception {
        OpenAiError refused = json("{\"message\":\"m\",\"type\":\"image_generation_user_error\","
                + "\"code\":\"moderation_blocked\",\"moderation_details\":{\"moderation_stage\":\"output\","
                + "\"categories\":[\"sexual\",\"violence\"]}}");

        assertEquals(new Classification(ErrorCode.MODERATION_BLOCKED, false,
                        new UpstreamModeration("output", List.of("sexual", "violence"))),
                classifier.classify(new Failed(400, "req_1", FailureKind.HTTP_ERROR, refused)));
        assertEquals(new Classification(ErrorCode.MODERATION_BLOCKED, false,
                        new UpstreamModeration("output", List.of("sexual", "violence"))),
                classifier.classify(new Failed(200, null, FailureKind.STREAM_ERROR, refused)));
    }

    @Test
    void detailsOfAnyShapeNeverCostTheRefusalItsCode() throws Exception {
        for (String details : List.of("null", "\"blocked\"", "[1,2]", "{}", "{\"moderation_stage\":7,"
                + "\"categories\":{\"a\":1}}", "{\"categories\":[1,{\"x\":1},\"hate\"]}")) {
            OpenAiError refused = json("{\"code\":\"moderation_blocked\",\"moderation_details\":" + details + "}");
            Classification classification = classifier.classify(
                    new Failed(400, null, FailureKind.HTTP_ERROR, refused));
            assertEquals(ErrorCode.MODERATION_BLOCKED, classification.code(), details);
            assertEquals(details.contains("hate") ? new UpstreamModeration(null, List.of("hate")) : null,
                    classification.moderation(), details);
        }
    }

    @Test
    void onlyAModerationRefusalCarriesModeration() throws Exception {
        OpenAiError rejected = json("{\"code\":\"invalid_image\",\"moderation_details\":{\"moderation_stage\":"
                + "\"input\",\"categories\":[\"hate\"]}}");
        assertEquals(new Classification(ErrorCode.UPSTREAM_REJECTED, false),
                classifier.classify(new Failed(400, null, FailureKind.HTTP_ERROR, rejected)));
    }

    private static OpenAiError json(String error) throws Exception {
        return new ObjectMapper().readValue(error, OpenAiError.class);
    }

    @Test
    void errorEventInAStreamIsClassifiedByItsCode() {
        assertEquals(new Classification(ErrorCode.MODERATION_BLOCKED, false), classifier.classify(
                new Failed(200, null, FailureKind.STREAM_ERROR, new OpenAiError("m", null, null, "moderation_blocked"))));
        assertEquals(new Classification(ErrorCode.RATE_LIMITED, true), classifier.classify(
                new Failed(200, null, FailureKind.STREAM_ERROR, new OpenAiError("m", null, null, "rate_limit_exceeded"))));
        assertEquals(new Classification(ErrorCode.UPSTREAM_ERROR, true), classifier.classify(
                new Failed(200, null, FailureKind.STREAM_ERROR, new OpenAiError("m", "server_error", null, null))));
    }
}
