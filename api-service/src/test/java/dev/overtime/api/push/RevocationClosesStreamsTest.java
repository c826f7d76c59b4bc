package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.auth.ApiKeyService;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.StreamKind;
import dev.overtime.api.support.SseClient;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revoking a key closes what it holds open, SSE streams, WebSockets and held waits: at once on the replica that
 * revoked it, and within the key-cache TTL on every other (here: the row changed behind this replica's back).
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(RevocationClosesStreamsTest.ShortKeyCache.class)
class RevocationClosesStreamsTest extends FollowedJobScenario {

    static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);

    public static class ShortKeyCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.key-cache-ttl", KEY_CACHE_TTL.toMillis() + "ms");
        }
    }

    private static final ExecutorService CLIENTS = Executors.newVirtualThreadPerTaskExecutor();

    @TestHTTPResource("/")
    URL base;

    @Inject
    OpenStreams streams;

    @Inject
    ApiKeyService keys;

    @Inject
    ObjectMapper json;

    @Test
    void aKeyRevokedOnAnotherReplicaLosesItsStreamsWithinTheKeyCacheTtl() {
        Held held = openEverything();
        long revokedAt = System.nanoTime();
        // What another replica's revocation looks like from here: only the row changed.
        fixtures.execute("update api_keys set revoked_at = now() where id = ?", caller.keyId());

        await().atMost(KEY_CACHE_TTL.plusSeconds(2)).until(() -> held.stream.ended() && held.socket.closeCode == 1008
                && held.heldWait.isDone());
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
        assertTrue(took.compareTo(KEY_CACHE_TTL.plusMillis(500)) <= 0, "closed within the key-cache TTL: " + took);
        assertClosed(held);
    }

    @Test
    void aKeyRevokedHereLosesItsStreamsAtOnce() {
        Held held = openEverything();
        assertTrue(keys.revoke(caller.keyId()));
        await().atMost(Duration.ofSeconds(1)).until(() -> held.stream.ended() && held.socket.closeCode == 1008
                && held.heldWait.isDone());
        assertClosed(held);
    }

    @Test
    void aSubmitHeldByPreferWaitStillAnswersIts202WhenItsKeyIsRevoked() {
        long jobsBefore = fixtures.jobsOf(caller.owner());
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=20")
                .multiPart("image", "photo.png", dev.overtime.api.support.TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits"), CLIENTS);
        await().until(() -> fixtures.jobsOf(caller.owner()) == jobsBefore + 1
                && streams.openForKey(StreamKind.WAIT, caller.keyId()) == 1);

        long revokedAt = System.nanoTime();
        assertTrue(keys.revoke(caller.keyId()));

        // The job was committed: its caller learns its id, revoked key or not, at once rather than after the wait.
        Response answer = held.join();
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "answered " + took + " after the revocation");
        answer.then().statusCode(202).body("status", equalTo("queued"));
        assertEquals(fixtures.jobIdsOf(caller.owner()).getFirst(), answer.path("id"));
    }

    private Held openEverything() {
        String id = submit();
        SseClient stream = SseClient.open(base + "v1/image-edits/" + id + "/events",
                Map.of("Authorization", caller.bearer()));
        stream.awaitEvents(1);
        Socket socket = new Socket();
        socket.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", caller.bearer())
                .buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws"), socket).join();
        await().until(() -> socket.received.stream().anyMatch(m -> "ready".equals(m.path("type").asText())));
        CompletableFuture<Response> wait = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + id), CLIENTS);
        await().until(() -> streams.openForKey(StreamKind.WAIT, caller.keyId()) == 1
                && streams.openForKey(StreamKind.WEBSOCKET, caller.keyId()) == 1
                && streams.openForKey(StreamKind.SSE, caller.keyId()) == 1);
        return new Held(stream, socket, wait);
    }

    private void assertClosed(Held held) {
        held.heldWait.join().then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED")).body("message", equalTo("The API key was revoked."));
        JsonNode error = held.socket.received.stream().filter(m -> "error".equals(m.path("type").asText()))
                .findFirst().orElseThrow();
        assertEquals("UNAUTHENTICATED", error.path("code").asText());
        for (StreamKind kind : StreamKind.values()) {
            await().until(() -> streams.openForKey(kind, caller.keyId()) == 0);
        }
        // And the key opens nothing new, once no replica remembers it as valid.
        await().atMost(KEY_CACHE_TTL.plusSeconds(1)).until(() -> given().header("Authorization", caller.bearer())
                .get("/v1/image-edits").statusCode() == 401);
        held.stream.close();
    }

    private record Held(SseClient stream, Socket socket, CompletableFuture<Response> heldWait) {
    }

    private final class Socket implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        volatile WebSocket ws;
        volatile int closeCode = -1;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            try {
                received.add(json.readTree(data.toString()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
