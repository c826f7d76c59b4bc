package dev.overtime.api.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A minimal Server-Sent Events reader for tests: collects events and comments as they arrive. */
public final class SseClient implements AutoCloseable {

    public record Event(String id, String name, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean ended;

    private SseClient(HttpRequest request) {
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> Thread.ofVirtual().start(() -> {
            LineCollector collector = new LineCollector();
            try (Stream<String> lines = r.body()) {
                lines.forEach(collector::onNext);
            } catch (RuntimeException e) {
                // the stream was cancelled or cut
            }
            ended = true;
        }));
    }

    public static SseClient open(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(builder::header);
        return new SseClient(builder.build());
    }

    public int status() {
        return response.join().statusCode();
    }

    public HttpResponse<Stream<String>> response() {
        return response.join();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public List<Event> awaitEvents(int count) {
        await("" + count + " SSE events").atMost(Duration.ofSeconds(30)).until(() -> events.size() >= count);
        return events();
    }

    public void awaitEnd() {
        await("the SSE stream ended").atMost(Duration.ofSeconds(30)).until(() -> ended);
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
    }

    private final class LineCollector {
        private String id;
        private String name;
        private final List<String> data = new ArrayList<>();

        void onNext(String line) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new Event(id, name == null ? "message" : name, String.join("\n", data)));
                }
                name = null;
                data.clear();
            } else if (line.startsWith(":")) {
                comments.add(line.substring(1).trim());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.add(line.substring(5).trim());
            }
        }
    }
}
