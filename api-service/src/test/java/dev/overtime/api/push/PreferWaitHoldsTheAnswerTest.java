package dev.overtime.api.push;

import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7240 {@code Prefer: wait=N}: a caller that can hold a connection gets the finished job in one request. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class PreferWaitHoldsTheAnswerTest extends FollowedJobScenario {

    @Inject
    JobChangeFeed feed;

    private Response submit(String prefer) {
        var request = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue");
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return request.post("/v1/image-edits");
    }

    @Test
    void submitWithWaitAnswers200WithTheFinishedJobWhenItFinishesInTime() {
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> submit("wait=20"));
        await("the job is stored").atMost(Duration.ofSeconds(10)).until(() -> fixtures.jobsOf(caller.owner()) == 1);
        String id = fixtures.jobIdsOf(caller.owner()).getFirst();
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1000);

        answer.join().then().statusCode(200)
                .header("Preference-Applied", "wait=20")
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/image-edits/" + id))
                .header("Retry-After", nullValue())
                .body("status", equalTo("succeeded"))
                .body("outputs[0].url", equalTo("/v1/image-edits/" + id + "/outputs/0"));
    }

    @Test
    void statusWithWaitAnswers200WhenTheJobFailsWhileWaiting() {
        String id = submit(null).then().statusCode(202).extract().path("id");
        worker.start(id);
        int subscribers = feed.subscriberCount();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + id));
        // The change must come while the request waits, not before it read the job.
        await("the request waits on the feed").until(() -> feed.subscriberCount() > subscribers);
        worker.fail(id, "MODERATION_BLOCKED");
        answer.join().then().statusCode(200)
                .header("Preference-Applied", "wait=20")
                .body("status", equalTo("failed"))
                .body("error.code", equalTo("MODERATION_BLOCKED"));
    }

    @Test
    void answersAsUsualWhenTheJobIsNotFinishedWithinTheWait() {
        long started = System.nanoTime();
        Response response = submit("wait=1");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        response.then().statusCode(202)
                .header("Preference-Applied", nullValue())
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("ETag", notNullValue())
                .body("status", equalTo("queued"));
        assertTrue(tookMs >= 1000, "held for the wait: " + tookMs + " ms");

        String id = response.path("id");
        given().header("Authorization", caller.bearer()).header("Prefer", "wait=1").get("/v1/image-edits/" + id)
                .then().statusCode(200).header("Preference-Applied", nullValue()).body("status", equalTo("queued"));
    }

    @Test
    void finishedJobsAnswerAtOnce() {
        String id = submit(null).then().statusCode(202).extract().path("id");
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1000);
        await().until(() -> fixtures.countRows("select count(*) from image_edit_jobs where id = ?::uuid and status = 'succeeded'", id) == 1);
        long started = System.nanoTime();
        given().header("Authorization", caller.bearer()).header("Prefer", "wait=20").get("/v1/image-edits/" + id)
                .then().statusCode(200).body("status", equalTo("succeeded"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5000, "no wait for a finished job");
    }
}
