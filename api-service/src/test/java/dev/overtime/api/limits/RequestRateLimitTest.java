package dev.overtime.api.limits;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.RawHttp;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each API key's request rate is a token bucket, advertised with the IETF RateLimit-Policy and RateLimit fields. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(RequestRateLimitTest.SmallBucket.class)
class RequestRateLimitTest {

    public static class SmallBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.limits.rate.burst", "5",
                    "overtime.api.limits.rate.requests-per-second", "0.5");
        }
    }

    // The owner's requestsPerMinute (overtime.limits.requests-per-minute, 6000 by default) is listed after the key's.
    private static final String KEY_POLICY = "\"per-key\";q=5;w=10";
    private static final String POLICY = KEY_POLICY + ", \"per-owner\";q=6000;w=60";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Test
    void everyAnswerStatesThePolicyAndWhatIsLeftOfIt() {
        Fixtures.Caller caller = fixtures.newCaller();
        given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(200)
                .header("RateLimit-Policy", POLICY)
                .header("RateLimit", "\"per-key\";r=4;t=2, \"per-owner\";r=5999;t=1");
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + UUID.randomUUID()).then()
                .statusCode(404).header("RateLimit-Policy", POLICY)
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"per-key\";r=3;t="));
    }

    @Test
    void pastItsBurstAKeyIsRefusedUntilATokenIsBackAndOtherKeysAreNot() {
        Fixtures.Caller caller = fixtures.newCaller();
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(200);
        }
        given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(429)
                .contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", "2")
                // Refused for the key's rate: the owner's was not consulted.
                .header("RateLimit-Policy", KEY_POLICY)
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"per-key\";r=0;t="));

        Fixtures.Caller other = fixtures.newCaller();
        given().header("Authorization", other.bearer()).get("/v1/image-edits").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().header("Authorization", caller.bearer()).get("/v1/image-edits").statusCode() == 200);
    }

    @Test
    void openingAnEventStreamIsARequest() {
        Fixtures.Caller caller = fixtures.newCaller();
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(200);
        }
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + UUID.randomUUID() + "/events")
                .then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
    }

    @Test
    void aRefusedUploadIsNotRead() {
        Fixtures.Caller caller = fixtures.newCaller();
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", caller.bearer()).get("/v1/image-edits").then().statusCode(200);
        }
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + caller.bearer()
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000\r\n\r\n");
            RawHttp.Received answer = connection.readUntilClosed(Duration.ofSeconds(10));
            assertEquals(429, answer.status(), answer.text());
            assertTrue(answer.hasHeader("Connection", "close"), answer.text());
            assertTrue(answer.closed(), "closed behind the answer, the body never read");
        }
    }
}
