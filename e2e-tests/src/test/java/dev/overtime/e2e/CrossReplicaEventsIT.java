package dev.overtime.e2e;

import dev.overtime.localinfra.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two API replicas without sticky sessions: a job accepted by one is streamed live by the other
 * (which learns of it only through Kafka), a dropped stream resumes with Last-Event-ID, and
 * Prefer: wait on the other replica returns the finished job.
 */
class CrossReplicaEventsIT {

    private static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Stack stack;
    private static ServiceProcess otherReplica;
    private static String apiKey;

    record Event(String id, String name, JsonNode data) {
    }

    @BeforeAll
    static void startStack() {
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "3s"), Map.of());
        otherReplica = stack.startApiReplica();
        apiKey = given().baseUri(stack.api().baseUrl()).header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
                .contentType("application/json").body("{\"owner\":\"replicas\"}").post("/admin/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    @AfterAll
    static void stopStack() {
        if (otherReplica != null) {
            otherReplica.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String submitTo(ServiceProcess api) throws IOException {
        return given().baseUri(api.baseUrl()).header("Authorization", "Bearer " + apiKey)
                .multiPart("image", "photo.png", Files.readAllBytes(SAMPLES.resolve("photo.png")), "image/png")
                .multiPart("mask", "mask.png", Files.readAllBytes(SAMPLES.resolve("mask.png")), "image/png")
                .multiPart("prompt", "paint the circle sunset orange")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
    }

    /** Reads a whole SSE stream (it ends after the terminal event); at most {@code max} events. */
    private static List<Event> readStream(ServiceProcess api, String jobId, String lastEventId, int max) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/image-edits/" + jobId + "/events"))
                .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(60));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        List<Event> events = new ArrayList<>();
        if (response.statusCode() == 204) {
            return events;
        }
        assertEquals(200, response.statusCode());
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(new Event(id, name, JSON.readTree(data.toString())));
                    data.setLength(0);
                    if (events.size() >= max) {
                        break;
                    }
                }
            }
        }
        return events;
    }

    @Test
    void theReplicaThatDidNotAcceptTheJobStreamsItToTheEnd() throws Exception {
        String id = submitTo(stack.api());
        List<Event> events = readStream(otherReplica, id, null, 10);

        assertTrue(events.size() >= 2, "snapshot and at least the terminal event: " + events);
        assertEquals("succeeded", events.getLast().name());
        assertEquals("succeeded", events.getLast().data().get("status").asText());
        assertEquals("/v1/image-edits/" + id + "/outputs/0", events.getLast().data().at("/outputs/0/url").asText());
        List<Long> versions = events.stream().map(e -> Long.parseLong(e.id())).toList();
        assertEquals(versions.stream().sorted().distinct().toList(), versions, "ids strictly increase: " + versions);
        assertTrue(events.stream().anyMatch(e -> e.name().equals("running")) || events.getFirst().name().equals("queued"),
                "saw the job before it finished: " + events.stream().map(Event::name).toList());
    }

    @Test
    void aDroppedStreamResumesWithLastEventIdWithoutRepeats() throws Exception {
        String id = submitTo(stack.api());
        // The first event only, then the connection drops.
        Event first = readStream(otherReplica, id, null, 1).getFirst();

        List<Event> rest = readStream(otherReplica, id, first.id(), 10);
        assertTrue(rest.stream().noneMatch(e -> Long.parseLong(e.id()) <= Long.parseLong(first.id())),
                "nothing already seen comes again: first " + first.id() + ", then " + rest.stream().map(Event::id).toList());
        assertEquals("succeeded", rest.getLast().name());

        // After the terminal event there is nothing left: 204 tells EventSource to stop.
        assertEquals(List.of(), readStream(stack.api(), id, rest.getLast().id(), 10));
    }

    @Test
    void preferWaitOnTheOtherReplicaAnswersWithTheFinishedJob() throws Exception {
        String id = submitTo(stack.api());
        given().baseUri(otherReplica.baseUrl()).header("Authorization", "Bearer " + apiKey).header("Prefer", "wait=25")
                .get("/v1/image-edits/" + id)
                .then().statusCode(200)
                .header("Preference-Applied", "wait=25")
                .body("status", equalTo("succeeded"))
                .body("outputs.size()", equalTo(1));
    }
}
