package dev.overtime.api.push;

import dev.overtime.api.push.feed.JobChangeFeed;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Status reads and 304s come from this replica's cache, and a change made elsewhere (the worker, another replica:
 * rows changed in PostgreSQL, then the event on {@code image-edit.events}) ends the cached answer: from then on the
 * job's old state and its old ETag are never answered again; what is answered from the cache is what the database
 * says (a failed job's {@code error.moderation} included).
 */
@QuarkusTest
@TestProfile(StatusCacheProfile.class)
@WithTestResource(RealInfrastructureResource.class)
class StatusCacheTest extends FollowedJobScenario {

    @Inject
    JobChangeFeed feed;

    @Test
    void aJobChangedElsewhereIsNeverAnsweredFromTheCacheOnceItsEventArrived() {
        String id = submit();
        String queued = get(id, null).then().statusCode(200).extract().header("ETag");

        // Changed behind this replica's back with no event yet: the cached answer still stands, so what follows
        // can only pass because the event ended it (the staleness bound of this profile is an hour).
        fixtures.execute("""
                update image_edit_jobs set status = 'running', attempts = 1, started_at = now(), updated_at = now(),
                       version = version + 1 where id = ?::uuid""", id);
        get(id, queued).then().statusCode(304);

        worker.publish("dev.overtime.image_edit.started", id, "{\"schemaVersion\":1,\"attempt\":1}");
        await("the started event ends the cached queued answer").atMost(Duration.ofSeconds(30))
                .until(() -> get(id, queued).statusCode() == 200);

        for (int i = 0; i < 5; i++) {
            Response answer = get(id, queued);
            assertEquals(200, answer.statusCode(), "a 304 for the queued ETag after the job changed");
            assertEquals("running", answer.path("status"));
            assertNotEquals(queued, answer.header("ETag"));
        }
        String running = get(id, null).header("ETag");
        get(id, running).then().statusCode(304);
    }

    @Test
    void aFinishedStateIsNotServedAfterTheJobChangedAgain() {
        String id = submit();
        long before = consumer.received();
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1000);
        // One partition per job, read in order: once the probe after them arrived, both events were handled.
        worker.publish("dev.overtime.test.probe", id, "{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.received() >= before + 3);
        assertEquals("succeeded", get(id, null).path("status"));
        String succeeded = get(id, null).header("ETag");
        get(id, succeeded).then().statusCode(304);

        // Finished is not final: its output expires (as retention does it), and an event about the job arrives.
        fixtures.execute("update image_edit_outputs set deleted_at = now() where job_id = ?::uuid", id);
        fixtures.execute("update image_edit_jobs set version = version + 1, updated_at = now() where id = ?::uuid", id);
        get(id, succeeded).then().statusCode(304);
        worker.publish("dev.overtime.image_edit.succeeded", id, "{\"schemaVersion\":1}");

        await("the change ends the cached succeeded answer").atMost(Duration.ofSeconds(30))
                .until(() -> get(id, succeeded).statusCode() == 200);
        Response now = get(id, succeeded);
        assertEquals(200, now.statusCode(), "never a 304 for the finished job's old ETag once it changed");
        assertEquals(true, now.path("outputs[0].expired"));
    }

    @Test
    void aCancelOnThisReplicaIsAnsweredAtOnce() {
        String id = submit();
        String queued = get(id, null).header("ETag");
        get(id, queued).then().statusCode(304);

        given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/cancel")
                .then().statusCode(200);

        // No waiting: the replica that committed the change dropped its cached answer before answering the cancel.
        Response after = get(id, queued);
        assertEquals(200, after.statusCode());
        assertEquals("canceled", after.path("status"));
    }

    @Test
    void aModerationRefusalShowsTheSameErrorModerationFromTheCacheAndFromTheDatabase() {
        String id = submit();
        String queued = get(id, null).then().statusCode(200).extract().header("ETag");
        worker.start(id);
        worker.refuseByModeration(id, "output", "sexual", "violence");

        await("the failed event ends the cached answer").atMost(Duration.ofSeconds(30))
                .until(() -> get(id, queued).statusCode() == 200 && "failed".equals(get(id, null).path("status")));
        Response failed = get(id, null);
        assertEquals("MODERATION_BLOCKED", failed.path("error.code"));
        assertEquals("output", failed.path("error.moderation.stage"));
        assertEquals(List.of("sexual", "violence"), failed.path("error.moderation.categories"));
        // Served from the cache now (a 304 for its ETag), byte for byte the answer read from the database...
        get(id, failed.header("ETag")).then().statusCode(304);
        assertEquals(failed.asString(), get(id, null).asString());
        // ...and the same error as the list, which reads the row through another query.
        Map<String, Object> listed = given().header("Authorization", caller.bearer()).get("/v1/image-edits")
                .then().statusCode(200).extract().path("data.find { it.id == '" + id + "' }.error");
        assertEquals(failed.jsonPath().getMap("error"), listed);
    }

    @Test
    void aFailureTheSafetySystemHadNoPartInShowsNoModeration() {
        String id = submit();
        worker.start(id);
        worker.fail(id, "UPSTREAM_ERROR");

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(get(id, null).path("status")));
        Response failed = get(id, null);
        assertEquals("UPSTREAM_ERROR", failed.path("error.code"));
        assertEquals(Map.of("code", "UPSTREAM_ERROR", "message", "upstream said no"),
                failed.jsonPath().getMap("error"));
    }

    @Test
    void anotherOwnersCachedJobAnswersExactlyLikeAMissingOne() {
        String id = submit();
        get(id, null).then().statusCode(200);
        get(id, null).then().statusCode(200);   // now answered from this replica's memory

        Fixtures.Caller stranger = fixtures.newCaller();
        String missing = UUID.randomUUID().toString();
        Response foreign = given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + id);
        Response absent = given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + missing);
        assertEquals(404, foreign.statusCode());
        assertEquals(404, absent.statusCode());
        assertEquals(absent.<String>path("code"), foreign.<String>path("code"));
        assertEquals(absent.<String>path("message").replace(missing, id), foreign.<String>path("message"));
        assertEquals(absent.contentType(), foreign.contentType());
        assertEquals(absent.headers().asList().stream().map(h -> h.getName()).sorted().toList(),
                foreign.headers().asList().stream().map(h -> h.getName()).sorted().toList());
        assertEquals(null, foreign.header("ETag"));
    }

    @Test
    void aQueuedJobIsAnsweredFromMemoryWithItsPlaceInTheQueue() {
        submit();
        String second = submit();
        Response read = get(second, null);
        read.then().statusCode(200);
        int position = read.path("queuePosition");
        assertNotEquals(null, read.header("Retry-After"));

        // Started behind this replica's back, with no event: the answer, its place in the queue included, comes from
        // memory (the queue head is refreshed once an hour in this profile), not from PostgreSQL.
        fixtures.execute("""
                update image_edit_jobs set status = 'running', attempts = 1, started_at = now(), updated_at = now(),
                       version = version + 1 where id = ?::uuid""", second);
        Response again = get(second, null);
        assertEquals(200, again.statusCode());
        assertEquals("queued", again.<String>path("status"));
        assertEquals(position, (int) again.path("queuePosition"));
        assertEquals(read.header("ETag"), again.header("ETag"));
        get(second, read.header("ETag")).then().statusCode(304);
    }

    @Test
    void aWaitOnACachedJobIsHeldUntilTheJobFinishes() throws Exception {
        String id = submit();
        get(id, null).then().statusCode(200);   // cached: the next read is answered on the event loop
        int subscribers = feed.subscriberCount();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> given()
                .header("Authorization", caller.bearer()).header("Prefer", "wait=20")
                .get("/v1/image-edits/" + id));
        // The change must come while the request waits, not before it read the job.
        await("the request waits on the feed").atMost(Duration.ofSeconds(10))
                .until(() -> feed.subscriberCount() > subscribers);
        worker.start(id);
        worker.succeed(id, TestImages.photo(64, 64), 1000);

        Response answer = waiting.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("succeeded", answer.<String>path("status"));
        assertEquals("wait=20", answer.header("Preference-Applied"));
    }

    private Response get(String id, String ifNoneMatch) {
        var request = given().header("Authorization", caller.bearer());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.get("/v1/image-edits/" + id);
    }
}
