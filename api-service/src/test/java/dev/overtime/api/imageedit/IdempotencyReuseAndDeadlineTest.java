package dev.overtime.api.imageedit;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Idempotency-Key, reuse=true and deadline, over real PostgreSQL (no worker runs here). */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class IdempotencyReuseAndDeadlineTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);

    @Inject
    Fixtures fixtures;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    private RequestSpecification edit(String prompt) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", prompt);
    }

    @Test
    void sameKeyAndSameRequestReplaysTheOriginalResponse() {
        String key = "key-" + UUID.randomUUID();
        Response first = edit("replay me").header("Idempotency-Key", key).post("/v1/image-edits");
        first.then().statusCode(202);
        Response second = edit("replay me").header("Idempotency-Key", key).post("/v1/image-edits");

        second.then().statusCode(202)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(first.path("id")))
                .body("status", equalTo("queued"));
        assertEquals(1, fixtures.jobsOf(caller.owner()));
        assertEquals(1, fixtures.countRows("select count(*) from outbox where record_key = ?", first.path("id").toString()));
    }

    @Test
    void sameKeyWithADifferentRequestIs422AndStoresNothing() {
        String key = "key-" + UUID.randomUUID();
        edit("the first request").header("Idempotency-Key", key).post("/v1/image-edits").then().statusCode(202);

        edit("another request").header("Idempotency-Key", key).post("/v1/image-edits").then()
                .statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(1, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void sameKeyWhileTheFirstIsInFlightIs409() {
        String key = "key-" + UUID.randomUUID();
        edit("in flight").header("Idempotency-Key", key).post("/v1/image-edits").then().statusCode(202);
        // Make the recorded request look unfinished, as while its first POST is still being stored.
        fixtures.execute("update idempotency_keys set job_id = null, response_status = null, response_body = null"
                + " where owner = ? and idempotency_key = ?", caller.owner(), key);

        edit("in flight").header("Idempotency-Key", key).post("/v1/image-edits").then()
                .statusCode(409).body("code", equalTo("IDEMPOTENCY_IN_PROGRESS"));
    }

    @Test
    void keysAreScopedToTheOwner() {
        String key = "shared-" + UUID.randomUUID();
        edit("owner one").header("Idempotency-Key", key).post("/v1/image-edits").then().statusCode(202);
        Fixtures.Caller other = fixtures.newCaller();

        given().header("Authorization", other.bearer()).header("Idempotency-Key", key)
                .multiPart("image", "photo.png", PHOTO, "image/png").multiPart("prompt", "owner two")
                .post("/v1/image-edits").then().statusCode(202).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void aRejectedRequestFreesItsKey() {
        String key = "key-" + UUID.randomUUID();
        given().header("Authorization", caller.bearer()).header("Idempotency-Key", key)
                .multiPart("image", "photo.png", PHOTO, "image/png").post("/v1/image-edits")
                .then().statusCode(400).body("code", equalTo("PROMPT_REQUIRED"));

        edit("now with a prompt").header("Idempotency-Key", key).post("/v1/image-edits").then().statusCode(202);
    }

    @Test
    void reuseAnswersARecentIdenticalSucceededJobWithoutANewJob() {
        String id = edit("reuse me").post("/v1/image-edits").then().statusCode(202).extract().path("id");
        fixtures.execute("update image_edit_jobs set status = 'succeeded', finished_at = now() where id = ?::uuid", id);

        edit("reuse me").multiPart("reuse", "true").post("/v1/image-edits").then()
                .statusCode(200).body("id", equalTo(id)).body("status", equalTo("succeeded"));
        edit("reuse me").post("/v1/image-edits").then().statusCode(202);
        edit("reuse me, changed").multiPart("reuse", "true").post("/v1/image-edits").then().statusCode(202);
        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void deadlineIsStoredAndValidated() {
        String id = edit("with a deadline").multiPart("deadline", "30").post("/v1/image-edits")
                .then().statusCode(202).extract().path("id");
        assertEquals(1, fixtures.countRows("select count(*) from image_edit_jobs where id = ?::uuid"
                + " and deadline_at between created_at + interval '29 seconds' and created_at + interval '31 seconds'", id));

        edit("bad deadline").multiPart("deadline", "soon").post("/v1/image-edits").then()
                .statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("deadline"));
    }
}
