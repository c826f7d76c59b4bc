package dev.overtime.api.push;

import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import dev.overtime.api.push.feed.JobChangeFeed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request deadline is a promise even to a caller asking to wait longer: the wait ends the margin before the
 * deadline and answers the job as it is then, 200 for a status and 202 for a submit, never 504.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(PreferWaitWithinTheDeadlineTest.ShortDeadline.class)
class PreferWaitWithinTheDeadlineTest extends FollowedJobScenario {

    // Long enough for a submit on a busy CI machine, short enough to keep the test quick.
    static final Duration DEADLINE = Duration.ofSeconds(8);
    static final Duration MARGIN = Duration.ofMillis(1000);

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The wait cap stays at its 25 s default: only the deadline shortens the wait.
            return Map.of("overtime.api.request-deadline", DEADLINE.toMillis() + "ms",
                    "overtime.api.request-deadline-margin", MARGIN.toMillis() + "ms");
        }
    }

    @Inject
    JobChangeFeed feed;

    @BeforeEach
    void warmUp() {
        // The first submit of a fresh application is several times slower than the rest: not what is measured here.
        submitEdit();
    }

    @Test
    void aStatusWaitLongerThanTheDeadlineAnswers200WithTheJobAsItIsInTime() {
        String id = submit();
        worker.start(id);
        long started = System.nanoTime();
        Response answer = given().header("Authorization", caller.bearer()).header("Prefer", "wait=25")
                .get("/v1/image-edits/" + id);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        answer.then().statusCode(200)
                .body("status", equalTo("running"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("Preference-Applied", nullValue());
        assertWithinTheDeadline(took);
    }

    @Test
    void aSubmitWaitLongerThanTheDeadlineAnswersItsAcceptanceInTime() {
        long started = System.nanoTime();
        Response answer = given().header("Authorization", caller.bearer()).header("Prefer", "wait=25")
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        answer.then().statusCode(202).body("status", equalTo("queued"));
        assertEquals(2, fixtures.jobsOf(caller.owner()), "the warm-up's and this one");
        assertWithinTheDeadline(took);
    }

    @Test
    void aJobFinishingWithinTheShortenedWaitNamesThePreferenceAsAsked() {
        String id = submit();
        worker.start(id);
        int subscribers = feed.subscriberCount();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=25").get("/v1/image-edits/" + id),
                Executors.newVirtualThreadPerTaskExecutor());
        await("the request waits on the feed").until(() -> feed.subscriberCount() > subscribers);
        worker.succeed(id, TestImages.photo(64, 64), 500);

        // Whatever the deadline left of it, the preference honoured is the one asked (capped by prefer-wait-max).
        answer.join().then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .header("Preference-Applied", "wait=25");
    }

    private static void assertWithinTheDeadline(Duration took) {
        // Held for the wait the deadline allows, then answered before the deadline.
        assertTrue(took.compareTo(DEADLINE.minus(MARGIN).minusMillis(300)) >= 0, "held only " + took);
        assertTrue(took.compareTo(DEADLINE) < 0, "answered after the deadline: " + took);
    }
}
