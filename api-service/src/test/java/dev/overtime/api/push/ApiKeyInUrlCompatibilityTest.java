package dev.overtime.api.push;

import dev.overtime.api.support.SseClient;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code overtime.api.auth.allow-api-key-in-url=true}, for one release: a full key in {@code ?access_token=} works
 * again where it did before job tokens (the event stream), and nowhere else.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(ApiKeyInUrlCompatibilityTest.KeysInUrlsAllowed.class)
class ApiKeyInUrlCompatibilityTest extends FollowedJobScenario {

    public static class KeysInUrlsAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.auth.allow-api-key-in-url", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void theEventStreamTakesAKeyInTheUrlAgainButOtherEndpointsStillDoNot() {
        String id = submit();
        try (SseClient stream = SseClient.open(base + "v1/image-edits/" + id + "/events?access_token=" + caller.key(),
                Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("queued", stream.awaitEvents(1).getFirst().name());
        }
        given().queryParam("access_token", caller.key()).get("/v1/image-edits/" + id)
                .then().statusCode(401).body("code", equalTo("API_KEY_IN_URL"));
    }
}
