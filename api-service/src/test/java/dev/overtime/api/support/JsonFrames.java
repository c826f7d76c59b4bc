package dev.overtime.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A test's WebSocket to {@code /v1/ws}: keeps every JSON frame received (frames split in parts joined first) and the
 * close code. The older tests keep their own listeners with scenario-specific helpers; new ones use this.
 */
public final class JsonFrames implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile int closeCode = -1;

    /** Opens {@code url} (ws://…) and answers the socket's frames from then on. */
    public static JsonFrames open(URI url) {
        JsonFrames frames = new JsonFrames();
        frames.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, frames).join();
        return frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(JSON.readTree(partial.toString()));
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

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    public int closeCode() {
        return closeCode;
    }

    /** The first frame {@code wanted} matches, waiting up to 20 s for it. */
    public JsonNode awaitMessage(Predicate<JsonNode> wanted) {
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(wanted));
        return received.stream().filter(wanted).findFirst().orElseThrow();
    }
}
