package dev.overtime.api.batch;

import dev.overtime.api.push.webhook.WebhookSecrets;
import dev.overtime.api.support.Fixtures;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batches over real PostgreSQL and Kafka (no worker runs here, so items stay queued): accepted whole at 202 with
 * every item an ordinary job, validated whole before anything is stored, followed page by page, canceled, listed.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class ImageEditBatchTest {

    @Inject
    Fixtures fixtures;

    @Inject
    WebhookSecrets secrets;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    private RequestSpecification asCaller() {
        return given().header("Authorization", caller.bearer()).contentType("application/json");
    }

    /** {@code count} items over five distinct URLs, the prompt and quality from the defaults. */
    private static String batch(int count, String prompt) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"image_url\": \"https://images.example.com/p")
                    .append(i % 5).append(".png\"}");
        }
        return """
                {"defaults": {"prompt": "%s", "quality": "low"}, "items": [%s], "metadata": {"order": "A-17"}}"""
                .formatted(prompt, items);
    }

    @Test
    void aBatchOfTwentyIsAcceptedAt202AsTwentyOrdinaryJobsFollowedPageByPage() {
        Response accepted = asCaller().body(batch(20, "batch of twenty")).post("/v1/image-edit-batches");
        accepted.then().statusCode(202)
                .body("object", equalTo("image_edit_batch"))
                .body("status", equalTo("running"))
                .body("itemCount", equalTo(20))
                .body("counts.queued", equalTo(20))
                .body("counts.succeeded", equalTo(0))
                .body("metadata.order", equalTo("A-17"));
        String id = accepted.path("id");
        assertEquals("/v1/image-edit-batches/" + id, java.net.URI.create(accepted.header("Location")).getPath());
        assertEquals(20, fixtures.jobsOf(caller.owner()));

        List<Integer> indexes = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification page = asCaller().queryParam("limit", 8);
            if (cursor != null) {
                page = page.queryParam("cursor", cursor);
            }
            Response response = page.get("/v1/image-edit-batches/" + id);
            response.then().statusCode(200).body("counts.queued", equalTo(20));
            indexes.addAll(response.path("items.index"));
            cursor = response.path("nextCursor");
        } while (cursor != null);
        assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), indexes, "every item once, in order");

        String jobId = asCaller().get("/v1/image-edit-batches/" + id).path("items[7].jobId");
        asCaller().get("/v1/image-edits/" + jobId).then().statusCode(200)
                .body("batchId", equalTo(id)).body("prompt", equalTo("batch of twenty"));
        assertEquals("https://images.example.com/p2.png", fixtures.textOf(
                "select source_url from image_edit_inputs where job_id = ?::uuid", UUID.fromString(jobId)));
    }

    @Test
    void moreThanFiveHundredItemsIsRefusedWholeAndNothingIsStored() {
        asCaller().body(batch(501, "too many")).post("/v1/image-edit-batches").then().statusCode(400)
                .body("code", equalTo("TOO_MANY_ITEMS")).body("param", equalTo("items"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batches where owner = ?", caller.owner()));
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingIt() {
        String body = batch(6, "one bad").replace("https://images.example.com/p3.png", "ftp://images.example.com/p3.png");

        asCaller().body(body).post("/v1/image-edit-batches").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("items[3].image_url"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batches where owner = ?", caller.owner()));
    }

    @Test
    void cancelingABatchCancelsItsQueuedJobs() {
        String id = asCaller().body(batch(12, "cancel me")).post("/v1/image-edit-batches").then().statusCode(202)
                .extract().path("id");

        asCaller().post("/v1/image-edit-batches/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled")).body("counts.canceled", equalTo(12))
                .body("counts.queued", equalTo(0));
        assertEquals(12, fixtures.countRows("select count(*) from image_edit_jobs where batch_id = ?::uuid"
                + " and status = 'canceled' and error_code = 'CANCELED'", UUID.fromString(id)));
        asCaller().post("/v1/image-edit-batches/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled"));
    }

    @Test
    void anIdempotencyKeyReplaysTheBatchInsteadOfMakingASecond() {
        String key = "batch-key-" + UUID.randomUUID();
        String first = asCaller().header("Idempotency-Key", key).body(batch(3, "keyed")).post("/v1/image-edit-batches")
                .then().statusCode(202).extract().path("id");
        asCaller().header("Idempotency-Key", key).body(batch(3, "keyed")).post("/v1/image-edit-batches")
                .then().statusCode(202).body("id", equalTo(first));
        asCaller().header("Idempotency-Key", key).body(batch(3, "keyed, changed")).post("/v1/image-edit-batches")
                .then().statusCode(422);
        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void theCallersBatchesAreListedNewestFirstAndOthersAreHidden() {
        String older = asCaller().body(batch(1, "older")).post("/v1/image-edit-batches").path("id");
        String newer = asCaller().body(batch(2, "newer")).post("/v1/image-edit-batches").path("id");

        asCaller().queryParam("limit", 1).get("/v1/image-edit-batches").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(newer)).body("data[0].items", nullValue())
                .body("hasMore", equalTo(true)).body("nextCursor", notNullValue());
        String cursor = asCaller().queryParam("limit", 1).get("/v1/image-edit-batches").path("nextCursor");
        asCaller().queryParam("limit", 1).queryParam("cursor", cursor).get("/v1/image-edit-batches").then()
                .body("data[0].id", equalTo(older)).body("hasMore", equalTo(false));

        Fixtures.Caller other = fixtures.newCaller();
        given().header("Authorization", other.bearer()).get("/v1/image-edit-batches/" + older).then().statusCode(404);
    }

    // A public address literal: vetted without DNS, never called here (no worker runs, so no batch completes).
    private static final String HOOK = "https://1.1.1.1/hooks/batch";

    private static String withWebhook(String body, String webhookFields) {
        return body.substring(0, body.lastIndexOf('}')) + ", " + webhookFields + "}";
    }

    @Test
    void aBatchWebhookIsStoredForTheBatchAndForItsItemsOnlyWhenJobEventsAreNamed() {
        secrets.rotate(caller.owner());

        String both = asCaller().body(withWebhook(batch(3, "hooked"),
                        "\"webhook\": \"" + HOOK + "\", \"webhook_events\": [\"batch.completed\", \"failed\"]"))
                .post("/v1/image-edit-batches").then().statusCode(202).extract().path("id");
        String batchOnly = asCaller().body(withWebhook(batch(2, "hooked once"), "\"webhook\": \"" + HOOK + "\""))
                .post("/v1/image-edit-batches").then().statusCode(202).extract().path("id");

        assertEquals(HOOK, fixtures.textOf("select url from image_edit_batch_webhooks where batch_id = ?::uuid",
                UUID.fromString(both)));
        assertEquals(3, fixtures.countRows("select count(*) from image_edit_webhooks w join image_edit_jobs j"
                + " on j.id = w.job_id where j.batch_id = ?::uuid and w.events = 'failed'", UUID.fromString(both)));
        assertEquals(1, fixtures.countRows("select count(*) from image_edit_batch_webhooks where batch_id = ?::uuid",
                UUID.fromString(batchOnly)));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_webhooks w join image_edit_jobs j"
                + " on j.id = w.job_id where j.batch_id = ?::uuid", UUID.fromString(batchOnly)));
        asCaller().get("/v1/image-edit-batches/" + both + "/webhook-deliveries").then().statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void aBatchWebhookThatCannotBeUsedRefusesTheWholeBatch() {
        String noSecret = withWebhook(batch(2, "no secret"), "\"webhook\": \"" + HOOK + "\"");
        asCaller().body(noSecret).post("/v1/image-edit-batches").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("webhook"))
                .body("message", org.hamcrest.Matchers.containsString("POST /admin/webhook-secrets"));

        secrets.rotate(caller.owner());
        asCaller().body(withWebhook(batch(2, "private"), "\"webhook\": \"https://10.0.0.7/h\""))
                .post("/v1/image-edit-batches").then().statusCode(400).body("param", equalTo("webhook"));
        asCaller().body(withWebhook(batch(2, "no url"), "\"webhook_events\": \"batch.completed\""))
                .post("/v1/image-edit-batches").then().statusCode(400).body("param", equalTo("webhook_events"));
        asCaller().body(withWebhook(batch(2, "unknown"), "\"webhook\": \"" + HOOK
                        + "\", \"webhook_events\": \"batch.started\""))
                .post("/v1/image-edit-batches").then().statusCode(400).body("param", equalTo("webhook_events"));

        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batches where owner = ?", caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batch_webhooks where owner = ?",
                caller.owner()));
    }
}
