package dev.overtime.api.imageedit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.common.Topics;
import dev.overtime.localinfra.RealInfrastructure;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frontend's whole conversation: submit, get 202 at once, poll cheaply, fetch outputs, list, cancel. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class SubmitAndFollowTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);
    private static final byte[] MASK = TestImages.mask(64, 64);

    @Inject
    Fixtures fixtures;

    @Inject
    ObjectMapper json;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    private Response submit(Fixtures.Caller who) {
        return given().header("Authorization", who.bearer())
                .multiPart("image", "photo.png", PHOTO, "application/octet-stream")
                .multiPart("mask", "mask.png", MASK, "image/png")
                .multiPart("prompt", "paint the square blue")
                .multiPart("n", "2")
                .multiPart("quality", "low")
                .post("/v1/image-edits");
    }

    @Test
    void acceptsWith202StoresTheJobAndPublishesAReferenceKeyedByJobId() throws Exception {
        Response response = submit(caller);
        response.then().statusCode(202)
                .header("Location", notNullValue())
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("X-Request-Id", notNullValue())
                .body("status", equalTo("queued"))
                .body("createdAt", notNullValue())
                .body("model", equalTo("gpt-image-1.5"))
                .body("n", equalTo(2))
                .body("links.self", notNullValue());
        String id = response.path("id");
        assertEquals("/v1/image-edits/" + id, response.header("Location").replaceFirst("^https?://[^/]+", ""));
        assertEquals(1, fixtures.jobsOf(caller.owner()));
        assertEquals(2, fixtures.countRows("select count(*) from image_edit_inputs where job_id = ?", UUID.fromString(id)));
        assertEquals(PHOTO.length, fixtures.countRows(
                "select size_bytes from image_edit_inputs where job_id = ? and role = 'image'", UUID.fromString(id)));

        ConsumerRecord<String, String> record = firstRecordKeyed(id);
        JsonNode event = json.readTree(record.value());
        assertEquals(id, event.get("jobId").asText());
        assertEquals(caller.owner(), event.get("owner").asText());
        assertEquals(1, event.get("schemaVersion").asInt());
        assertEquals(response.header("X-Request-Id"), event.get("requestId").asText());
        assertTrue(record.value().length() < 512, "the record is a reference, never image bytes");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.countRows(
                "select count(*) from outbox where record_key = ? and published_at is not null", id) == 1);
    }

    @Test
    void statusIsCheapToPollWithETagsAndAnswers304WhenUnchanged() {
        String id = submit(caller).then().statusCode(202).extract().path("id");
        Response first = given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id);
        first.then().statusCode(200).body("status", equalTo("queued")).header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("outputs", hasSize(0)).body("error", nullValue());
        String etag = first.header("ETag");

        given().header("Authorization", caller.bearer()).header("If-None-Match", etag)
                .get("/v1/image-edits/" + id).then().statusCode(304).header("ETag", etag);

        // The worker's writes bump the version, which changes the ETag.
        fixtures.execute("update image_edit_jobs set status = 'running', attempts = 1, started_at = now(), version = version + 1 where id = ?",
                UUID.fromString(id));
        given().header("Authorization", caller.bearer()).header("If-None-Match", etag)
                .get("/v1/image-edits/" + id).then().statusCode(200).body("status", equalTo("running"))
                .body("attempts", equalTo(1)).header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void servesOutputsWithTheirContentTypeAndCacheHeaders() {
        String id = submit(caller).then().statusCode(202).extract().path("id");
        UUID jobId = UUID.fromString(id);
        byte[] output = TestImages.photo(64, 64);
        fixtures.execute("""
                insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes, data, created_at)
                values (?, 0, 'image/png', 64, 64, ?, ?, now())""", jobId, output.length, output);
        fixtures.execute("""
                update image_edit_jobs set status = 'succeeded', attempts = 1, finished_at = now(), input_tokens = 10,
                output_tokens = 20, total_tokens = 30, version = version + 2 where id = ?""", jobId);

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id).then().statusCode(200)
                .header("Retry-After", nullValue())
                .body("status", equalTo("succeeded"))
                .body("outputs", hasSize(1))
                .body("outputs[0].url", equalTo("/v1/image-edits/" + id + "/outputs/0"))
                .body("outputs[0].contentType", equalTo("image/png"))
                .body("outputs[0].width", equalTo(64))
                .body("outputs[0].bytes", equalTo(output.length))
                .body("usage.totalTokens", equalTo(30));

        Response image = given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/outputs/0");
        image.then().statusCode(200).contentType("image/png")
                .header("Cache-Control", "private, max-age=31536000, immutable");
        assertArrayEquals(output, image.asByteArray());

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id + "/outputs/1")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void anotherOwnersJobLooksExactlyLikeAMissingOne() {
        String id = submit(caller).then().statusCode(202).extract().path("id");
        Fixtures.Caller stranger = fixtures.newCaller();
        given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + id)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + id + "/outputs/0")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", stranger.bearer()).get("/v1/image-edits/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", stranger.bearer()).get("/v1/image-edits/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void listsTheCallersJobsNewestFirstAcrossCursorPages() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(submit(caller).then().statusCode(202).extract().path("id"));
        }
        submit(fixtures.newCaller()).then().statusCode(202);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", caller.bearer()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/image-edits");
            page.then().statusCode(200);
            seen.addAll(page.path("data.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        assertEquals(submitted.reversed(), seen);
        given().header("Authorization", caller.bearer()).queryParam("cursor", "garbage")
                .get("/v1/image-edits").then().statusCode(400).body("code", equalTo("INVALID_CURSOR"));
        given().header("Authorization", caller.bearer()).queryParam("limit", 1000)
                .get("/v1/image-edits").then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"));
    }

    private ConsumerRecord<String, String> firstRecordKeyed(String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "api-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.IMAGE_EDIT_REQUESTS));
            Set<ConsumerRecord<String, String>> found = new HashSet<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (found.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            assertFalse(found.isEmpty(), "no record keyed " + key + " on " + Topics.IMAGE_EDIT_REQUESTS);
            return found.iterator().next();
        }
    }

    @Test
    void cancelEndsAQueuedJobAtOnceAndIsANoOpOnceFinished() {
        String id = submit(caller).then().statusCode(202).extract().path("id");

        given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("canceled")).body("error.code", equalTo("CANCELED"))
                .body("finishedAt", notNullValue());
        long version = fixtures.countRows("select version from image_edit_jobs where id = ?::uuid", id);

        given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("canceled"));
        assertEquals(version, fixtures.countRows("select version from image_edit_jobs where id = ?::uuid", id));
        given().header("Authorization", fixtures.newCaller().bearer()).post("/v1/image-edits/" + id + "/cancel")
                .then().statusCode(404);
    }
}
