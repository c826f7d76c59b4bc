package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One WebSocket following several jobs at once, fed by the same change feed as SSE. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class JobEventsWebSocketTest extends FollowedJobScenario {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper json;

    private Socket connect(String query) {
        return connect(query, null);
    }

    /** With {@code authorization} sent on the upgrade (a key never goes in the URL). */
    private Socket connect(String query, String authorization) {
        Socket socket = new Socket();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws" + query);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        socket.ws = builder.buildAsync(uri, socket).join();
        return socket;
    }

    @Test
    void followsSeveralJobsOnOneSocket() {
        String first = submit();
        String second = submit();
        Socket socket = connect("", caller.bearer());
        try {
            socket.awaitType("ready");
            socket.send("{\"subscribe\":\"" + first + "\"}");
            socket.send("{\"subscribe\":\"" + second + "\"}");
            socket.awaitEvent(first, "queued");
            socket.awaitEvent(second, "queued");

            worker.start(first);
            // Changes faster than delivery coalesce into the latest state; wait so each one is seen.
            socket.awaitEvent(first, "running");
            worker.succeed(first, TestImages.photo(64, 64), 1000);
            JsonNode succeeded = socket.awaitEvent(first, "succeeded");
            assertEquals("2", succeeded.get("id").asText());
            assertEquals("succeeded", succeeded.at("/job/status").asText());
            assertEquals("/v1/image-edits/" + first + "/outputs/0", succeeded.at("/job/outputs/0/url").asText());

            worker.start(second);
            socket.awaitEvent(second, "running");
            assertEquals(List.of("queued", "running", "succeeded"), socket.eventsOf(first));
        } finally {
            socket.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void authenticatesWithTheFirstMessageAndRefusesOtherOwnersJobs() {
        String id = submit();
        Socket socket = connect("");
        try {
            socket.send("{\"subscribe\":\"" + id + "\"}");
            assertEquals("UNAUTHENTICATED", socket.awaitType("error").get("code").asText());
            socket.send("{\"auth\":\"" + caller.key() + "\"}");
            socket.awaitType("ready");
            socket.send("{\"subscribe\":\"" + id + "\"}");
            socket.awaitEvent(id, "queued");

            String strangersJob = given().header("Authorization", fixtures.newCaller().bearer())
                    .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                    .multiPart("prompt", "paint it red")
                    .post("/v1/image-edits").then().statusCode(202).extract().<String>path("id");
            socket.send("{\"subscribe\":\"" + strangersJob + "\"}");
            await().until(() -> socket.messages().stream().anyMatch(m -> "NOT_FOUND".equals(m.path("code").asText())
                    && strangersJob.equals(m.path("jobId").asText())));
        } finally {
            socket.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void closesSocketsWithABadKey() {
        Socket socket = connect("", "Bearer ovt_not-a-key");
        assertEquals("UNAUTHENTICATED", socket.awaitType("error").get("code").asText());
        await().until(() -> socket.closeCode == 1008);
    }

    @Test
    void aBurstOfSubscribeFramesForOneJobFollowsItOnce() {
        String burst = submit();
        String marker = submit();
        Socket socket = connect("", caller.bearer());
        try {
            socket.awaitType("ready");
            // Within the socket's frame budget (overtime.api.limits.socket.frame-burst), past the subscription cap.
            for (int i = 0; i < 110; i++) {
                socket.send("{\"subscribe\":\"" + burst + "\"}");
            }
            // Frames are handled in order: once the marker job's snapshot is here, every duplicate was refused.
            socket.send("{\"subscribe\":\"" + marker + "\"}");
            socket.awaitEvent(marker, "queued");
            socket.awaitEvent(burst, "queued");
            assertEquals(List.of("queued"), socket.eventsOf(burst));
        } finally {
            socket.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void aSecondAuthenticationAttemptClosesTheSocket() {
        // Even with a good key: each attempt costs a key lookup, so a socket gets one.
        Socket socket = connect("");
        socket.send("{\"auth\":\"" + caller.key() + "\"}");
        socket.send("{\"auth\":\"" + caller.key() + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> socket.closeCode == 1008);
        assertTrue(socket.messages().stream().filter(m -> "ready".equals(m.path("type").asText())).count() <= 1,
                "at most the first attempt was answered: " + socket.messages());
    }

    private final class Socket implements WebSocket.Listener {
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket ws;
        volatile int closeCode = -1;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(json.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        List<JsonNode> messages() {
            return List.copyOf(received);
        }

        JsonNode awaitType(String type) {
            await(type + " message").atMost(Duration.ofSeconds(20))
                    .until(() -> received.stream().anyMatch(m -> type.equals(m.path("type").asText())));
            return received.stream().filter(m -> type.equals(m.path("type").asText())).findFirst().orElseThrow();
        }

        JsonNode awaitEvent(String jobId, String event) {
            await(event + " of " + jobId).atMost(Duration.ofSeconds(20)).until(() -> find(jobId, event) != null);
            return find(jobId, event);
        }

        List<String> eventsOf(String jobId) {
            return received.stream().filter(m -> "event".equals(m.path("type").asText()) && jobId.equals(m.path("jobId").asText()))
                    .map(m -> m.get("event").asText()).toList();
        }

        private JsonNode find(String jobId, String event) {
            return received.stream().filter(m -> "event".equals(m.path("type").asText())
                    && jobId.equals(m.path("jobId").asText()) && event.equals(m.path("event").asText())).findFirst().orElse(null);
        }
    }
}
