package dev.overtime.api.storage;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectContent;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image bytes live in the object store (a real S3Proxy), PostgreSQL only describes them: uploads land as objects
 * whose SHA-256 the rows record, outputs are answered with a presigned redirect that serves exactly their bytes,
 * expired outputs answer 410, and a submit that rolls back leaves no object behind.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class ImagesInObjectStorageTest {

    private static final byte[] PHOTO = TestImages.photo(96, 64);
    private static final byte[] MASK = TestImages.mask(96, 64);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectStore store;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    @Test
    void uploadsAreStoredAsObjectsAndTheRowsHoldOnlyTheirKeyAndDigest() throws Exception {
        String id = submit().then().statusCode(202).extract().path("id");
        UUID jobId = UUID.fromString(id);

        for (String role : new String[]{"image", "mask"}) {
            byte[] sent = role.equals("image") ? PHOTO : MASK;
            // The key is made from the row's own (ObjectKeys.inputOf), not stored: 50 bytes a row less (V21).
            assertNull(fixtures.textOf("select object_key from image_edit_inputs where job_id = ? and role = ?", jobId, role));
            String key = ObjectKeys.input(jobId, role, 0);
            assertEquals(sha256(sent), fixtures.textOf("select encode(sha256, 'hex') from image_edit_inputs where job_id = ? and role = ?",
                    jobId, role));
            assertEquals(0, fixtures.countRows("select count(*) from image_edit_inputs where job_id = ? and data is not null",
                    jobId));
            try (ObjectContent stored = store.get(key)) {
                assertArrayEquals(sent, stored.readAllBytes(), role + " bytes in the bucket");
            }
        }
    }

    @Test
    void anOutputAnswers302ToAPresignedUrlThatServesExactlyItsBytes() throws Exception {
        UUID jobId = UUID.fromString(submit().then().statusCode(202).extract().path("id"));
        byte[] output = TestImages.photo(80, 80);
        storeOutput(jobId, output, Instant.now().plusSeconds(3600));

        Response answer = given().redirects().follow(false).header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + jobId + "/outputs/0");
        answer.then().statusCode(302).header("Cache-Control", "private, no-store");
        URI location = URI.create(answer.header("Location"));
        assertTrue(location.getQuery().contains("X-Amz-Expires=900"), "valid for the default 15 minutes: " + location);
        assertTrue(location.getPath().endsWith(ObjectKeys.output(jobId, 1, 0)), "scoped to that object: " + location);

        HttpResponse<byte[]> fetched = HTTP.send(HttpRequest.newBuilder(location).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(output, fetched.body());

        // The job view keeps the API's own path, stable across calls, and says when the output expires.
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + jobId).then().statusCode(200)
                .body("outputs[0].url", equalTo("/v1/image-edits/" + jobId + "/outputs/0"))
                .body("outputs[0].expired", equalTo(false))
                .body("outputs[0].expiresAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anExpiredOrDeletedOutputAnswers410AndTheViewSaysSo() throws Exception {
        UUID jobId = UUID.fromString(submit().then().statusCode(202).extract().path("id"));
        storeOutput(jobId, TestImages.photo(32, 32), Instant.now().minusSeconds(1));

        given().redirects().follow(false).header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + jobId + "/outputs/0")
                .then().statusCode(410).body("code", equalTo("OUTPUT_EXPIRED"));

        // What retention does once it deleted the object: the view shows expired, with a new ETag.
        fixtures.execute("update image_edit_outputs set deleted_at = now() where job_id = ?", jobId);
        fixtures.execute("update image_edit_jobs set version = version + 1 where id = ?", jobId);
        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + jobId).then().statusCode(200)
                .body("outputs[0].expired", equalTo(true));
        given().redirects().follow(false).header("Authorization", caller.bearer())
                .get("/v1/image-edits/" + jobId + "/outputs/0")
                .then().statusCode(410).body("code", equalTo("OUTPUT_EXPIRED"));
    }

    @Test
    void aSubmitWhoseTransactionRollsBackLeavesNoObject() {
        long before = inputObjects();
        // A webhook without a signing secret is refused inside the submit transaction, after the uploads were stored.
        submitWith("webhook", "http://127.0.0.1:9/hook")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("webhook"));

        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(before, inputObjects(), "the uploads stored before the rollback were deleted");
    }

    @Test
    void reuseAnswersFromAnEarlierJobWithoutStoringTheUploadsAgain() {
        UUID first = UUID.fromString(submit().then().statusCode(202).extract().path("id"));
        storeOutput(first, TestImages.photo(32, 32), Instant.now().plusSeconds(3600));
        fixtures.execute("update image_edit_jobs set status = 'succeeded', attempts = 1, finished_at = now(), "
                + "version = version + 1 where id = ?", first);
        long before = inputObjects();

        submitWith("reuse", "true").then().statusCode(200).body("id", equalTo(first.toString()))
                .body("status", equalTo("succeeded")).body("queuePosition", nullValue());
        assertEquals(before, inputObjects());
    }

    private void storeOutput(UUID jobId, byte[] png, Instant expiresAt) {
        StoredObject object = store.put(ObjectKeys.output(jobId, 1, 0), new ByteArrayInputStream(png), png.length,
                "image/png");
        // As the worker records it since V21: the attempt, not the key (StreamedOutputsAndUploadBudgetTest keeps the
        // stored key rows written before have).
        fixtures.execute("""
                insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes, attempt,
                                                sha256, expires_at, created_at)
                values (?, 0, 'image/png', 80, 80, ?, 1, decode(?, 'hex'), ?, now())""", jobId, png.length,
                object.sha256Hex(), java.sql.Timestamp.from(expiresAt));
    }

    private long inputObjects() {
        return store.listOlderThan(ObjectKeys.INPUTS, Instant.now().plusSeconds(3600)).count();
    }

    private Response submit() {
        return submitWith("user", "alice");
    }

    private Response submitWith(String field, String value) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", "paint the square blue")
                .multiPart(field, value)
                .post("/v1/image-edits");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
