package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.api.auth.ApiKeyService;
import dev.overtime.api.auth.SignedTokens;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.JsonFrames;
import dev.overtime.api.support.SseClient;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend mints a job token; the browser holding it reads that job, and nothing else, until it expires. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class JobTokenTest extends FollowedJobScenario {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ApiKeyService keys;

    private Response mint(String id, String body) {
        var request = given().header("Authorization", caller.bearer());
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.post("/v1/image-edits/" + id + "/tokens");
    }

    private String token(String id) {
        return mint(id, null).then().statusCode(200).extract().path("token");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void aTokenReadsItsJobStatusEventsAndOutputs() {
        String id = submit();
        Response minted = mint(id, "{\"ttlSeconds\": 900}");
        minted.then().statusCode(200).header("Cache-Control", "no-store");
        String token = minted.path("token");
        assertTrue(token.startsWith("jt_"), token);
        Instant expiresAt = Instant.parse(minted.path("expiresAt"));
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(900), expiresAt).toSeconds()) < 10,
                "expires in 900 s: " + expiresAt);

        given().header("Authorization", bearer(token)).get("/v1/image-edits/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        // In the URL, for what cannot send headers (EventSource, <img>).
        given().queryParam("access_token", token).get("/v1/image-edits/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        try (SseClient stream = SseClient.open(base + "v1/image-edits/" + id + "/events?access_token=" + token,
                Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("queued", stream.awaitEvents(1).getFirst().name());
            worker.start(id);
            worker.succeed(id, TestImages.photo(64, 64), 1500);
            stream.awaitEnd();
        }
        int output = given().redirects().follow(false).queryParam("access_token", token)
                .get("/v1/image-edits/" + id + "/outputs/0").statusCode();
        assertTrue(output == 200 || output == 302, "the output is served or redirected to: " + output);
        given().header("Authorization", bearer(token)).get("/v1/image-edits/" + id + "/outputs/0/variants/thumb")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void aTokenFindsNoOtherJob() {
        String mine = submit();
        String sibling = submit();
        String token = token(mine);
        String strangers = given().header("Authorization", fixtures.newCaller().bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it red")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        for (String other : List.of(sibling, strangers, UUID.randomUUID().toString())) {
            for (String path : List.of("", "/events", "/outputs/0")) {
                given().header("Authorization", bearer(token)).get("/v1/image-edits/" + other + path)
                        .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            }
            given().header("Authorization", bearer(token)).post("/v1/image-edits/" + other + "/cancel")
                    .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        }
    }

    @Test
    void aTokenCannotSubmitCancelListOrMintTokens() {
        String id = submit();
        String token = token(id);
        given().header("Authorization", bearer(token)).get("/v1/image-edits")
                .then().statusCode(403).body("code", equalTo("OUTSIDE_TOKEN_SCOPE"));
        given().header("Authorization", bearer(token))
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it green").post("/v1/image-edits")
                .then().statusCode(403).body("code", equalTo("OUTSIDE_TOKEN_SCOPE"));
        given().header("Authorization", bearer(token)).post("/v1/image-edits/" + id + "/cancel")
                .then().statusCode(403).body("code", equalTo("OUTSIDE_TOKEN_SCOPE"));
        given().header("Authorization", bearer(token)).post("/v1/image-edits/" + id + "/tokens")
                .then().statusCode(403).body("code", equalTo("OUTSIDE_TOKEN_SCOPE"));
        given().header("Authorization", bearer(token)).get("/v1/presets")
                .then().statusCode(403).body("code", equalTo("OUTSIDE_TOKEN_SCOPE"));
        assertEquals(1, fixtures.jobsOf(caller.owner()), "nothing was submitted");
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id)
                .then().statusCode(200).body("status", equalTo("queued"));
    }

    @Test
    void anExpiredForgedOrRevokedTokenIsRefused() {
        String id = submit();
        String expired = SignedTokens.sign(UUID.fromString(id), caller.keyId(), Instant.now().minusSeconds(1));
        given().header("Authorization", bearer(expired)).get("/v1/image-edits/" + id)
                .then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));
        given().queryParam("access_token", expired).get("/v1/image-edits/" + id + "/events")
                .then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));

        String token = token(id);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        given().header("Authorization", bearer(forged)).get("/v1/image-edits/" + id)
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));

        given().header("Authorization", bearer(token)).get("/v1/image-edits/" + id).then().statusCode(200);
        keys.revoke(caller.keyId());
        given().header("Authorization", bearer(token)).get("/v1/image-edits/" + id)
                .then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"))
                .body("message", containsString("revoked"));
    }

    @Test
    void mintingChecksTheJobAndTheTtl() {
        String id = submit();
        Instant expiresAt = Instant.parse(mint(id, "{}").then().statusCode(200).extract().path("expiresAt"));
        assertTrue(expiresAt.isAfter(Instant.now().plusSeconds(800)), "15 minutes by default: " + expiresAt);
        mint(id, "{\"ttlSeconds\": 3600}").then().statusCode(200);
        for (String ttl : List.of("3601", "0", "-5", "\"soon\"", "1.5")) {
            mint(id, "{\"ttlSeconds\": " + ttl + "}").then().statusCode(400)
                    .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("ttlSeconds"));
        }
        mint(id, "[1]").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));

        Fixtures.Caller stranger = fixtures.newCaller();
        given().header("Authorization", stranger.bearer()).post("/v1/image-edits/" + id + "/tokens")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        mint(UUID.randomUUID().toString(), null).then().statusCode(404);
    }

    @Test
    void aFullApiKeyInTheUrlIsRefusedWithTheReason() {
        String id = submit();
        for (String path : List.of("/v1/image-edits/" + id + "/events", "/v1/image-edits/" + id, "/v1/ws")) {
            given().queryParam("access_token", caller.key()).get(path)
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("API_KEY_IN_URL"))
                    .body("message", containsString("not accepted in URLs"))
                    .body("message", containsString("POST /v1/image-edits/{id}/tokens"));
        }
    }

    @Test
    void aTokenFollowsItsJobOverAWebSocketAndNoOther() {
        String id = submit();
        String other = submit();
        JsonFrames socket = JsonFrames.open(URI.create(
                base.toString().replaceFirst("^http", "ws") + "v1/ws?access_token=" + token(id)));
        try {
            socket.awaitMessage(m -> "ready".equals(m.path("type").asText()));
            socket.send("{\"subscribe\":\"" + other + "\"}");
            JsonNode refused = socket.awaitMessage(m -> "error".equals(m.path("type").asText()));
            assertEquals("NOT_FOUND", refused.path("code").asText());
            assertEquals(other, refused.path("jobId").asText());
            socket.send("{\"subscribe\":\"" + id + "\"}");
            socket.awaitMessage(m -> "event".equals(m.path("type").asText()) && id.equals(m.path("jobId").asText()));
            assertTrue(socket.received().stream().noneMatch(m -> other.equals(m.path("jobId").asText())
                    && "event".equals(m.path("type").asText())), "no event of the other job: " + socket.received());
        } finally {
            socket.close();
        }
    }
}
