package dev.overtime.api.push;

import dev.overtime.api.support.Fixtures;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Abuse of {@code /v1/ws} closes the socket with a policy code: 1008 for no authentication in time and for a frame
 * flood (pings included), 1009 for a message over the size limit (in one frame or in fragments), 1003 for binary.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(WebSocketAbuseTest.ShortAuthDeadline.class)
class WebSocketAbuseTest {

    static final Duration AUTH_DEADLINE = Duration.ofSeconds(1);

    public static class ShortAuthDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.limits.socket.auth-deadline", AUTH_DEADLINE.toMillis() + "ms");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Test
    void aSocketThatDoesNotAuthenticateInTimeIsClosedWith1008() {
        Socket socket = connect("");
        long opened = System.nanoTime();
        socket.awaitClose(1008);
        Duration took = Duration.ofNanos(System.nanoTime() - opened);
        assertTrue(took.compareTo(AUTH_DEADLINE.minusMillis(100)) >= 0 && took.compareTo(AUTH_DEADLINE.plusSeconds(2)) < 0,
                "closed after " + took);
    }

    @Test
    void aMessageOverTheLimitInOneFrameIsClosedWith1009() {
        Socket socket = authenticated();
        socket.send(ws -> ws.sendText("{\"subscribe\":\"" + "x".repeat(5000) + "\"}", true));
        socket.awaitClose(1009);
    }

    @Test
    void aMessageOverTheLimitInFragmentsIsClosedWith1009() {
        Socket socket = authenticated();
        socket.send(ws -> ws.sendText("x".repeat(2000), false));
        socket.send(ws -> ws.sendText("x".repeat(2000), false));
        socket.send(ws -> ws.sendText("x".repeat(2000), true));
        socket.awaitClose(1009);
    }

    @Test
    void aFloodOfMessagesIsClosedWith1008() {
        Socket socket = authenticated();
        for (int i = 0; i < 300 && socket.closeCode < 0; i++) {
            socket.send(ws -> ws.sendText("{\"unsubscribe\":\"nothing\"}", true));
        }
        socket.awaitClose(1008);
    }

    @Test
    void aFloodOfPingsIsClosedWith1008() {
        Socket socket = authenticated();
        for (int i = 0; i < 300 && socket.closeCode < 0; i++) {
            socket.send(ws -> ws.sendPing(ByteBuffer.wrap(new byte[]{1})));
        }
        socket.awaitClose(1008);
    }

    @Test
    void binaryMessagesAreClosedWith1003() {
        Socket socket = authenticated();
        socket.send(ws -> ws.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true));
        socket.awaitClose(1003);
    }

    private Socket authenticated() {
        Socket socket = connect("", fixtures.newCaller().bearer());
        await().atMost(Duration.ofSeconds(20)).until(() -> socket.ready);
        return socket;
    }

    private Socket connect(String query) {
        return connect(query, null);
    }

    private Socket connect(String query, String authorization) {
        Socket socket = new Socket();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        socket.ws = builder
                .buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "v1/ws" + query), socket).join();
        return socket;
    }

    private static final class Socket implements WebSocket.Listener {
        volatile WebSocket ws;
        volatile int closeCode = -1;
        volatile boolean ready;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (data.toString().contains("\"ready\"")) {
                ready = true;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // the server closed the connection under a send: the close code says why
        }

        /** Sends one frame, waiting for it to go out; a send the server cut short is not an error here. */
        void send(Function<WebSocket, CompletableFuture<WebSocket>> frame) {
            try {
                frame.apply(ws).join();
            } catch (CompletionException | IllegalStateException closed) {
                // closed by the server: awaitClose tells how
            }
        }

        void awaitClose(int code) {
            await("close " + code).atMost(Duration.ofSeconds(20)).until(() -> closeCode >= 0);
            assertEquals(code, closeCode);
        }
    }
}
