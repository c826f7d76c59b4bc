package dev.overtime.api.support;

import io.restassured.response.Response;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The degraded envelope, field by field, as every upstream failure without a fallback must answer it. */
public final class UpstreamAssertions {

    private UpstreamAssertions() {
    }

    public static void assertEnvelope(Response response, int status, String code, String upstream, long timeoutMs) {
        String requestId = response.header("X-Request-Id");
        assertTrue(requestId != null && !requestId.isBlank(), "X-Request-Id echoed");
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://overtime.dev/problems/" + code.toLowerCase().replace('_', '-')))
                .body("title", org.hamcrest.Matchers.notNullValue())
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("requestId", equalTo(requestId))
                .body("degraded", equalTo(true))
                .body("timeoutMs", equalTo((int) timeoutMs))
                .body("upstream", upstream == null ? nullValue() : equalTo(upstream))
                .header(DEGRADED_HEADER, nullValue());
        assertTrue(response.jsonPath().getMap("$").containsKey("data"), "data is present");
        assertNull(response.jsonPath().get("data"), "data is null");
    }

    public static final String DEGRADED_HEADER = "Overtime-Degraded";
}
