package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.limits.OpenStreams;
import dev.overtime.api.limits.StreamKind;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.SseClient;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SSE streams, WebSockets and held waits are bounded per API key and per process: past a bound, 429 TOO_MANY_STREAMS. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(StreamLimitsTest.SmallLimits.class)
class StreamLimitsTest extends FollowedJobScenario {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.limits.sse.per-key", "2", "overtime.api.limits.sse.per-process", "3",
                    "overtime.api.limits.websockets.per-key", "1", "overtime.api.limits.websockets.per-process", "2",
                    "overtime.api.limits.waits.per-key", "1", "overtime.api.limits.waits.per-process", "2");
        }
    }

    // Not the common pool: on two cores it has one thread, and a held request would queue the next behind it.
    private static final ExecutorService CLIENTS = Executors.newVirtualThreadPerTaskExecutor();

    @TestHTTPResource("/")
    URL base;

    @Inject
    OpenStreams streams;

    @Inject
    ObjectMapper json;

    @AfterEach
    void everythingWasGivenBack() {
        for (StreamKind kind : StreamKind.values()) {
            await(kind + " closed").atMost(Duration.ofSeconds(20)).until(() -> streams.openInProcess(kind) == 0);
        }
    }

    private String submitAs(Fixtures.Caller who) {
        return given().header("Authorization", who.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
    }

    private SseClient stream(Fixtures.Caller who, String id) {
        SseClient client = SseClient.open(base + "v1/image-edits/" + id + "/events", Map.of("Authorization", who.bearer()));
        client.awaitEvents(1);
        return client;
    }

    private Response openStream(Fixtures.Caller who, String id) {
        return given().header("Authorization", who.bearer()).get("/v1/image-edits/" + id + "/events");
    }

    @Test
    void eventStreamsAreBoundedPerKeyAndPerProcess() {
        String id = submit();
        Fixtures.Caller second = fixtures.newCaller();
        String secondsJob = submitAs(second);
        try (SseClient one = stream(caller, id); SseClient two = stream(caller, id)) {
            openStream(caller, id).then().statusCode(429).contentType("application/problem+json")
                    .body("code", equalTo("TOO_MANY_STREAMS")).body("message", containsString("This API key holds 2"));
            try (SseClient three = stream(second, secondsJob)) {
                Fixtures.Caller third = fixtures.newCaller();
                openStream(third, submitAs(third)).then().statusCode(429)
                        .body("code", equalTo("TOO_MANY_STREAMS")).body("message", containsString("This server holds"));
                assertEquals(3, streams.openInProcess(StreamKind.SSE));
            }
        }
        await().until(() -> streams.openInProcess(StreamKind.SSE) == 0);
        try (SseClient again = stream(caller, id)) {
            assertEquals(200, again.status());
        }
    }

    @Test
    void webSocketsAreBoundedPerKeyAtAuthenticationAndPerProcessAtTheUpgrade() {
        Socket first = connect(caller.key());
        first.awaitType("ready");
        Socket second = connect(caller.key());
        await().atMost(Duration.ofSeconds(20)).until(() -> second.closeCode == 1008);
        assertEquals("TOO_MANY_STREAMS", second.errorCodes().getFirst());
        await().until(() -> streams.openInProcess(StreamKind.WEBSOCKET) == 1);

        Socket other = connect(fixtures.newCaller().key());
        other.awaitType("ready");
        CompletionException refused = assertThrows(CompletionException.class, () -> connect(fixtures.newCaller().key()));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(429, handshake.getResponse().statusCode());

        first.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        other.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void heldWaitsAreBoundedPerKeyAndPerProcessBeforeAnyWork() {
        String id = submit();
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + id), CLIENTS);
        await().until(() -> streams.openInProcess(StreamKind.WAIT) == 1);

        given().header("Authorization", caller.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + id)
                .then().statusCode(429).body("code", equalTo("TOO_MANY_STREAMS"));
        given().header("Authorization", caller.bearer()).header("Prefer", "wait=5")
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits").then().statusCode(429).body("code", equalTo("TOO_MANY_STREAMS"));
        assertEquals(1, fixtures.jobsOf(caller.owner()), "the refused submit stored nothing");
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id).then().statusCode(200);

        Fixtures.Caller second = fixtures.newCaller();
        String secondsJob = submitAs(second);
        CompletableFuture<Response> secondHeld = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", second.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + secondsJob), CLIENTS);
        await().until(() -> streams.openInProcess(StreamKind.WAIT) == 2);
        Fixtures.Caller third = fixtures.newCaller();
        given().header("Authorization", third.bearer()).header("Prefer", "wait=20")
                .get("/v1/image-edits/" + submitAs(third)).then().statusCode(429).body("code", equalTo("TOO_MANY_STREAMS"));

        for (String job : List.of(id, secondsJob)) {
            worker.start(job);
            worker.succeed(job, TestImages.photo(64, 64), 500);
        }
        held.join().then().statusCode(200).body("status", equalTo("succeeded"));
        secondHeld.join().then().statusCode(200).body("status", equalTo("succeeded"));
    }

    private Socket connect(String key) {
        Socket socket = new Socket();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws");
        socket.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(uri, socket).join();
        return socket;
    }

    private final class Socket implements WebSocket.Listener {
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
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

        void awaitType(String type) {
            await(type).atMost(Duration.ofSeconds(20))
                    .until(() -> received.stream().anyMatch(m -> type.equals(m.path("type").asText())));
        }

        List<String> errorCodes() {
            return received.stream().filter(m -> "error".equals(m.path("type").asText()))
                    .map(m -> m.path("code").asText()).toList();
        }
    }
}
