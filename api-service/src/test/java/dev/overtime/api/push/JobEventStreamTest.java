package dev.overtime.api.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.SseClient;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frontend following a job over Server-Sent Events while a (simulated) worker runs it over Kafka. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class JobEventStreamTest extends FollowedJobScenario {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper json;

    private String eventsUrl(String id) {
        return base.toString() + "v1/image-edits/" + id + "/events";
    }

    @Test
    void streamsEveryStateChangeWithTheSnapshotAndClosesAfterTheTerminalEvent() throws Exception {
        String id = submit();
        try (SseClient stream = SseClient.open(eventsUrl(id), Map.of("Authorization", caller.bearer()))) {
            assertEquals(200, stream.status());
            assertTrue(stream.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            List<SseClient.Event> first = stream.awaitEvents(1);
            assertEquals("queued", first.get(0).name());
            assertEquals("0", first.get(0).id());
            JsonNode queued = json.readTree(first.get(0).data());
            assertEquals(id, queued.get("id").asText());
            assertTrue(queued.get("queuePosition").asInt() >= 1, queued.toString());

            worker.start(id);
            assertEquals("running", stream.awaitEvents(2).get(1).name());
            worker.succeed(id, TestImages.photo(64, 64), 1500);
            List<SseClient.Event> events = stream.awaitEvents(3);
            assertEquals(List.of("queued", "running", "succeeded"), events.stream().map(SseClient.Event::name).toList());
            assertEquals(List.of("0", "1", "2"), events.stream().map(SseClient.Event::id).toList());
            JsonNode succeeded = json.readTree(events.get(2).data());
            assertEquals("succeeded", succeeded.get("status").asText());
            assertEquals("/v1/image-edits/" + id + "/outputs/0", succeeded.at("/outputs/0/url").asText());
            // The same JSON as the status endpoint.
            JsonNode polled = json.readTree(given().header("Authorization", caller.bearer())
                    .get("/v1/image-edits/" + id).asString());
            assertEquals(polled, succeeded);
            stream.awaitEnd();
        }
    }

    @Test
    void aModerationRefusalReachesTheStreamWithItsStageAndCategories() throws Exception {
        String id = submit();
        try (SseClient stream = SseClient.open(eventsUrl(id), Map.of("Authorization", caller.bearer()))) {
            stream.awaitEvents(1);
            worker.start(id);
            stream.awaitEvents(2);
            worker.refuseByModeration(id, "input", "hate");

            List<SseClient.Event> events = stream.awaitEvents(3);
            assertEquals("failed", events.get(2).name());
            JsonNode failed = json.readTree(events.get(2).data());
            assertEquals("MODERATION_BLOCKED", failed.at("/error/code").asText());
            assertEquals("input", failed.at("/error/moderation/stage").asText());
            assertEquals("hate", failed.at("/error/moderation/categories/0").asText());
            assertEquals(1, failed.at("/error/moderation/categories").size());
            JsonNode polled = json.readTree(given().header("Authorization", caller.bearer())
                    .get("/v1/image-edits/" + id).asString());
            assertEquals(polled, failed);
            stream.awaitEnd();
        }
    }

    @Test
    void resumesAfterTheLastEventIdAndSkipsWhatWasSeen() throws Exception {
        String id = submit();
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1500);

        try (SseClient resumed = SseClient.open(eventsUrl(id),
                Map.of("Authorization", caller.bearer(), "Last-Event-ID", "1"))) {
            resumed.awaitEnd();
            assertEquals(List.of("succeeded"), resumed.events().stream().map(SseClient.Event::name).toList());
            assertEquals("2", resumed.events().get(0).id());
        }
        try (SseClient finished = SseClient.open(eventsUrl(id),
                Map.of("Authorization", caller.bearer(), "Last-Event-ID", "2"))) {
            // Nothing left to say: 204 tells EventSource to stop reconnecting.
            assertEquals(204, finished.status());
        }
    }

    @Test
    void aLastEventIdAheadOfTheJobRestartsFromAFreshSnapshotInsteadOfHanging() {
        String queued = submit();
        String finished = submit();
        worker.start(finished);
        worker.succeed(finished, TestImages.photo(64, 64), 1500);

        // An id from another job, or made up: no event of this job comes after it, so the stream starts over.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (SseClient stream = SseClient.open(eventsUrl(queued),
                    Map.of("Authorization", caller.bearer(), "Last-Event-ID", "99"))) {
                assertEquals(200, stream.status());
                SseClient.Event first = stream.awaitEvents(1).getFirst();
                assertEquals("queued", first.name());
                assertEquals("0", first.id());
            }
            try (SseClient stream = SseClient.open(eventsUrl(finished),
                    Map.of("Authorization", caller.bearer(), "Last-Event-ID", "99.3"))) {
                stream.awaitEnd();
                assertEquals(List.of("succeeded"), stream.events().stream().map(SseClient.Event::name).toList());
                assertEquals("2", stream.events().getFirst().id());
            }
        });
    }

    @Test
    void anUnreadableLastEventIdStartsFromAFreshSnapshot() {
        String id = submit();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (SseClient stream = SseClient.open(eventsUrl(id),
                    Map.of("Authorization", caller.bearer(), "Last-Event-ID", "not-an-id"))) {
                assertEquals(200, stream.status());
                SseClient.Event first = stream.awaitEvents(1).getFirst();
                assertEquals("queued", first.name());
                assertEquals("0", first.id());
            }
        });
    }

    @Test
    void relaysPartialImagesWhileRunning() throws Exception {
        String id = submit();
        worker.start(id);
        try (SseClient stream = SseClient.open(eventsUrl(id), Map.of("Authorization", caller.bearer()))) {
            assertEquals("running", stream.awaitEvents(1).get(0).name());
            worker.partialImage(id, 0, TestImages.photo(16, 16));
            SseClient.Event partial = stream.awaitEvents(2).get(1);
            assertEquals("partial_image", partial.name());
            assertEquals("1.1", partial.id());
            JsonNode data = json.readTree(partial.data());
            assertEquals("/v1/image-edits/" + id + "/partial-images/0", data.at("/partialImage/url").asText());
            assertEquals("running", data.get("status").asText());
        }
    }

    @Test
    void sendsHeartbeatCommentsWhileNothingHappens() {
        String id = submit();
        try (SseClient stream = SseClient.open(eventsUrl(id), Map.of("Authorization", caller.bearer()))) {
            stream.awaitEvents(1);
            await("two heartbeats").until(() -> stream.comments().stream().filter("heartbeat"::equals).count() >= 2);
        }
    }

    @Test
    void acceptsAJobTokenAsAccessTokenQueryParameterForBrowsers() {
        String id = submit();
        String token = given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/tokens")
                .then().statusCode(200).extract().path("token");
        try (SseClient stream = SseClient.open(eventsUrl(id) + "?access_token=" + token, Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("queued", stream.awaitEvents(1).get(0).name());
        }
    }

    @Test
    void refusesMissingKeysAndHidesOtherOwnersJobs() {
        String id = submit();
        given().get("/v1/image-edits/" + id + "/events").then().statusCode(401)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo("UNAUTHENTICATED"));
        Fixtures.Caller stranger = fixtures.newCaller();
        given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + id + "/events")
                .then().statusCode(404).body("code", org.hamcrest.Matchers.equalTo("NOT_FOUND"));
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/not-a-uuid/events")
                .then().statusCode(404);
        // A full key is never taken from a URL (job tokens are: JobTokenTest).
        given().queryParam("access_token", caller.key()).get("/v1/image-edits/" + id + "/events").then()
                .statusCode(401).body("code", org.hamcrest.Matchers.equalTo("API_KEY_IN_URL"));
    }
}
