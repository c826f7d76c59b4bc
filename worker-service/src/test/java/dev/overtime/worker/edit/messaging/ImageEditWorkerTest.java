package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.overtime.common.UpstreamModeration;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient;
import dev.overtime.worker.support.KafkaTopicsClient.Event;
import dev.overtime.worker.support.MultipartBody.Part;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.overtime.worker.support.TestUpstream.editsWithPrompt;
import static dev.overtime.worker.support.MultipartBody.named;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker over real Kafka and PostgreSQL, with WireMock as OpenAI: one scenario per behaviour. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class ImageEditWorkerTest extends WorkerScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PHOTO = TestImages.png(32, 24);
    private static final byte[] SECOND_PHOTO = TestImages.jpeg(32, 24);
    private static final byte[] MASK = TestImages.png(32, 24);
    private static final byte[] OUTPUT_PNG = TestImages.png(64, 48);
    private static final byte[] OUTPUT_JPEG = TestImages.jpeg(40, 30);

    @Test
    void succeededEditStoresItsOutputsUsageAndAttempt() {
        UUID jobId = succeededEdit("paint it teal " + UUID.randomUUID());

        Map<String, Object> job = rows.job(jobId);
        assertEquals(1, job.get("attempts"));
        assertEquals(50L, job.get("input_tokens"));
        assertEquals(40L, job.get("output_tokens"));
        assertEquals(90L, job.get("total_tokens"));
        assertNotNull(job.get("started_at"));
        assertNotNull(job.get("finished_at"));

        List<JobRows.Output> outputs = rows.outputs(jobId);
        assertEquals(2, outputs.size());
        assertEquals(new JobRows.Output(0, "image/png", 64, 48, OUTPUT_PNG.length, outputs.get(0).data()),
                outputs.get(0));
        assertArrayEquals(OUTPUT_PNG, outputs.get(0).data());
        assertEquals(new JobRows.Output(1, "image/jpeg", 40, 30, OUTPUT_JPEG.length, outputs.get(1).data()),
                outputs.get(1));
        assertArrayEquals(OUTPUT_JPEG, outputs.get(1).data());

        List<Map<String, Object>> attempts = rows.attempts(jobId);
        assertEquals(1, attempts.size());
        assertEquals(200, attempts.getFirst().get("http_status"));
        assertEquals("req_upstream_42", attempts.getFirst().get("upstream_request_id"));
        assertEquals(90L, attempts.getFirst().get("total_tokens"));
        assertEquals(null, attempts.getFirst().get("error_code"));
        assertNotNull(attempts.getFirst().get("duration_ms"));
    }

    @Test
    void photoSizedImagesStreamFromTheBucketUpstreamAndBackIntoIt() throws Exception {
        byte[] photo = TestImages.noisyPng(1024, 1024, 1);
        byte[] first = TestImages.noisyPng(1024, 1024, 2);
        byte[] second = TestImages.noisyPng(1024, 1024, 3);
        assertTrue(photo.length > 2_500_000, "a photo-sized input, not a thumbnail: " + photo.length);
        String prompt = "photo " + UUID.randomUUID();
        upstream.whenPrompt(prompt, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(imagesResponse(first, second)));
        UUID jobId = rows.insertQueuedJob("owner-a", prompt, 2, "req-photo", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 1024, 1024, photo)));
        Instant submitted = Instant.now();

        publishRequest(jobId);
        awaitStatus(jobId, "succeeded");

        LoggedRequest call = upstream.received(editsWithPrompt(prompt)).getFirst();
        assertArrayEquals(photo, named(call, "image").getFirst().body(), "the input went upstream byte for byte");
        List<Map<String, Object>> stored = rows.outputRows(jobId);
        byte[][] expected = {first, second};
        for (int position = 0; position < 2; position++) {
            Map<String, Object> row = stored.get(position);
            assertNull(row.get("object_key"), "made from the row, not stored");
            assertEquals(ObjectKeys.output(jobId, 1, position), JobRows.outputKey(row));
            assertEquals(sha256(expected[position]), row.get("sha256"));
            assertEquals(expected[position].length, row.get("size_bytes"));
            assertEquals(null, row.get("data"), "no image bytes in PostgreSQL");
            Instant expires = ((java.sql.Timestamp) row.get("expires_at")).toInstant();
            assertTrue(!expires.isBefore(submitted.plus(Duration.ofDays(30)).minusSeconds(1))
                    && expires.isBefore(Instant.now().plus(Duration.ofDays(30)).plusSeconds(1)), "30 days: " + expires);
            assertArrayEquals(expected[position], rows.outputs(jobId).get(position).data());
        }
    }

    @Test
    void aJobStoredBeforeObjectStorageStillRunsFromItsBytea() {
        String prompt = "legacy " + UUID.randomUUID();
        upstream.whenPrompt(prompt, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(imagesResponse(OUTPUT_PNG)));
        UUID jobId = rows.insertLegacyJob("owner-a", prompt, 1, "req-legacy", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 32, 24, PHOTO),
                new JobRows.Input("mask", 0, "mask.png", "image/png", 32, 24, MASK)));

        publishRequest(jobId);
        awaitStatus(jobId, "succeeded");

        LoggedRequest call = upstream.received(editsWithPrompt(prompt)).getFirst();
        assertArrayEquals(PHOTO, named(call, "image").getFirst().body());
        assertArrayEquals(MASK, named(call, "mask").getFirst().body());
        assertArrayEquals(OUTPUT_PNG, rows.outputs(jobId).getFirst().data());
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void sendsTheJobToOpenAiAsOneMultipartCallWithKeyImageAndMask() {
        String prompt = "paint it teal " + UUID.randomUUID();
        succeededEdit(prompt);

        List<LoggedRequest> requests = upstream.received(editsWithPrompt(prompt));
        assertEquals(1, requests.size(), "exactly one upstream call");
        upstream.admin().verifyThat(1, editsWithPrompt(prompt)
                .withHeader("Authorization", equalTo("Bearer " + WireMockUpstream.API_KEY))
                .withRequestBodyPart(aMultipart().withName("image").withHeader("Content-Type", equalTo("image/png"))
                        .withBody(binaryEqualTo(PHOTO)).build())
                .withRequestBodyPart(aMultipart().withName("mask").withBody(binaryEqualTo(MASK)).build())
                .withRequestBodyPart(aMultipart().withName("model").withBody(equalTo("gpt-image-1")).build()));
        LoggedRequest call = requests.getFirst();
        assertEquals("Bearer " + WireMockUpstream.API_KEY, call.getHeader("Authorization"));
        assertTrue(call.getHeader("Content-Type").startsWith("multipart/form-data"));
        List<Part> images = named(call, "image");
        assertEquals(1, images.size());
        assertEquals("image/png", images.getFirst().contentType());
        assertTrue(images.getFirst().filename().equals("photo-0.png"));
        assertArrayEquals(PHOTO, images.getFirst().body());
        assertEquals(0, named(call, "image[]").size());
        List<Part> mask = named(call, "mask");
        assertEquals(1, mask.size());
        assertEquals("image/png", mask.getFirst().contentType());
        assertArrayEquals(MASK, mask.getFirst().body());
        assertEquals(prompt, text(call, "prompt"));
        assertEquals("gpt-image-1", text(call, "model"));
        assertEquals("2", text(call, "n"));
        assertEquals("1024x1024", text(call, "size"));
        assertEquals("low", text(call, "quality"));
        assertEquals("end-user-7", text(call, "user"));
        assertEquals(0, named(call, "background").size(), "unset optional fields are left out");
        assertEquals(0, named(call, "output_compression").size(), "unset optional fields are left out");
    }

    @Test
    void succeededEditAnnouncesStartedThenSucceededAsCloudEvents() {
        UUID jobId = succeededEdit("paint it teal " + UUID.randomUUID());

        List<Event> events = awaitEvents(jobId, 2);
        assertEquals(List.of(ImageEditStarted.TYPE, ImageEditSucceeded.TYPE), events.stream().map(Event::type).toList());
        for (Event event : events) {
            assertEquals(jobId.toString(), event.key());
            assertEquals("1.0", event.cloudEvent().path("specversion").asText());
            assertEquals("/overtime/worker-service", event.cloudEvent().path("source").asText());
            assertEquals(jobId.toString(), event.cloudEvent().path("subject").asText());
            assertTrue(event.contentType().startsWith("application/cloudevents+json"));
            assertTrue(!event.cloudEvent().path("id").asText().isBlank());
            JsonNode facts = event.data().path("job");
            assertEquals(jobId.toString(), facts.path("jobId").asText());
            assertEquals("owner-a", facts.path("owner").asText());
            assertEquals("gpt-image-1", facts.path("model").asText());
            assertEquals("1024x1024", facts.path("size").asText());
            assertEquals("low", facts.path("quality").asText());
            assertEquals(2, facts.path("n").asInt());
            assertEquals(1, event.data().path("schemaVersion").asInt());
        }
        JsonNode started = events.get(0).data();
        assertEquals(1, started.path("attempt").asInt());
        assertTrue(started.path("queueWaitMs").asLong() >= 0);
        assertTrue(started.path("startedAt").isTextual());
        JsonNode succeeded = events.get(1).data();
        assertEquals(1, succeeded.path("attempts").asInt());
        assertEquals(2, succeeded.path("outputCount").asInt());
        assertEquals(90, succeeded.path("usage").path("totalTokens").asLong());
        assertEquals(50, succeeded.path("usage").path("inputTokens").asLong());
        assertTrue(succeeded.path("upstreamLatencyMs").asLong() >= 0);
        assertTrue(succeeded.path("totalDurationMs").asLong() >= succeeded.path("queueWaitMs").asLong());
        assertTrue(succeeded.path("finishedAt").isTextual());
    }

    @Test
    void sendsSeveralImagesAsRepeatedImageArrayField() {
        String prompt = "merge these " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(imagesResponse(OUTPUT_PNG)));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO, SECOND_PHOTO), false);

        publishRequest(jobId);

        awaitStatus(jobId, "succeeded");
        LoggedRequest call = upstream.received(editsWithPrompt(prompt)).getFirst();
        List<Part> images = named(call, "image[]");
        assertEquals(2, images.size());
        assertEquals(0, named(call, "image").size());
        assertEquals(0, named(call, "mask").size());
        assertEquals("image/png", images.get(0).contentType());
        assertArrayEquals(PHOTO, images.get(0).body());
        assertEquals("image/jpeg", images.get(1).contentType());
        assertArrayEquals(SECOND_PHOTO, images.get(1).body());
        assertTrue(images.get(1).filename().equals("photo-1.jpg"));
    }

    @Test
    void insufficientQuotaFailsTheJobAsInsufficientQuota() {
        UUID jobId = failingJob(429, "insufficient_quota", "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details.");

        assertFailed(jobId, 429, "INSUFFICIENT_QUOTA",
                "You exceeded your current quota, please check your plan and billing details.");
    }

    @Test
    void moderationBlockFailsTheJobAsModerationBlocked() {
        UUID jobId = failingJob(400, "image_generation_user_error", "moderation_blocked",
                "Your request was rejected by the safety system.");

        assertFailed(jobId, 400, "MODERATION_BLOCKED", "Your request was rejected by the safety system.");
        assertNull(rows.job(jobId).get("error_moderation_categories"), "no details sent, none stored");
    }

    @Test
    void moderationBlockKeepsTheStageAndCategoriesOnTheJobAndItsEvent() throws Exception {
        // As OpenAI (and openai-simulator) answer: the details sit inside the error object.
        UUID jobId = moderationBlockedJob("{\"moderation_stage\":\"output\",\"categories\":[\"sexual\",\"violence\"]}");

        assertFailed(jobId, 400, "MODERATION_BLOCKED", "Your request was rejected by the safety system.");
        Map<String, Object> job = rows.job(jobId);
        assertEquals("output", job.get("error_moderation_stage"));
        assertEquals(List.of("sexual", "violence"), categories(job));
        JsonNode moderation = failedEvent(jobId).path("moderation");
        assertEquals("output", moderation.path("stage").asText());
        assertEquals(List.of("sexual", "violence"), texts(moderation.path("categories")));
    }

    @Test
    void aHostileModerationDetailsIsCappedBeforeItIsStored() throws Exception {
        StringBuilder categories = new StringBuilder("\"" + "x".repeat(5_000) + "\"");
        for (int i = 0; i < 2_000; i++) {
            categories.append(",\"c").append(i).append('"');
        }
        UUID jobId = moderationBlockedJob("{\"moderation_stage\":\"" + "input".repeat(100) + "\",\"categories\":["
                + categories + ",{\"nested\":true},42]}");

        assertFailed(jobId, 400, "MODERATION_BLOCKED", "Your request was rejected by the safety system.");
        Map<String, Object> job = rows.job(jobId);
        assertNull(job.get("error_moderation_stage"), "a stage that is no short token is left out");
        List<String> stored = categories(job);
        assertEquals(UpstreamModeration.MAX_CATEGORIES, stored.size());
        assertEquals("x".repeat(UpstreamModeration.MAX_CATEGORY_LENGTH), stored.getFirst());
        assertEquals("c14", stored.getLast());
        JsonNode moderation = failedEvent(jobId).path("moderation");
        assertTrue(moderation.path("stage").isMissingNode(), moderation.toString());
        assertEquals(stored, texts(moderation.path("categories")));
    }

    @Test
    void serverErrorIsRetriedWithBackoffThenFailsAsUpstreamError() {
        UUID jobId = failingJob(500, "server_error", null, "The server had an error while processing your request.");

        // The test profile allows 3 attempts; each one is its own row in the ledger.
        assertFailed(jobId, 500, "UPSTREAM_ERROR", "The server had an error while processing your request.", 3);
    }

    @Test
    void rateLimitIsRetriedAfterTheUpstreamsHintAndThenSucceeds() {
        String prompt = "rate limited once " + UUID.randomUUID();
        upstream.admin().register(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/images/edits")
                .inScenario(prompt).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withMultipartRequestBody(com.github.tomakehurst.wiremock.client.WireMock.aMultipart().withName("prompt")
                        .withBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo(prompt)))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after-ms", "1200").withHeader("x-request-id", "req_429")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("limited"));
        upstream.admin().register(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/images/edits")
                .inScenario(prompt).whenScenarioStateIs("limited")
                .withMultipartRequestBody(com.github.tomakehurst.wiremock.client.WireMock.aMultipart().withName("prompt")
                        .withBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo(prompt)))
                .willReturn(okJson(imagesResponse(OUTPUT_PNG)).withHeader("x-request-id", "req_ok")));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO), false);

        publishRequest(jobId);

        awaitStatus(jobId, "succeeded");
        List<Map<String, Object>> attempts = rows.attempts(jobId);
        assertEquals(2, attempts.size());
        assertEquals(429, attempts.get(0).get("http_status"));
        assertEquals("RATE_LIMITED", attempts.get(0).get("error_code"));
        assertEquals("req_429", attempts.get(0).get("upstream_request_id"));
        assertEquals(200, attempts.get(1).get("http_status"));
        java.time.Instant first = ((java.sql.Timestamp) attempts.get(0).get("started_at")).toInstant();
        java.time.Instant second = ((java.sql.Timestamp) attempts.get(1).get("started_at")).toInstant();
        assertTrue(Duration.between(first, second).toMillis() >= 1200, "retry-after-ms was honoured: " + first + " -> " + second);
        assertEquals(1, rows.outputs(jobId).size());
    }

    @Test
    void redeliveryOfAFinishedJobDoesNotCallTheUpstreamAgain() {
        String prompt = "only once " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(imagesResponse(OUTPUT_PNG)));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO), false);
        publishRequest(jobId);
        awaitStatus(jobId, "succeeded");
        long versionAfterFirstRun = (Long) rows.job(jobId).get("version");

        RecordMetadata again = publishRequest(jobId);

        await().atMost(PATIENCE).until(() -> kafka.workerCommittedPast(again));
        assertEquals(1, upstream.received(editsWithPrompt(prompt)).size());
        assertEquals("succeeded", rows.status(jobId));
        assertEquals(versionAfterFirstRun, rows.job(jobId).get("version"));
        assertEquals(1, rows.attempts(jobId).size());
        assertEquals(2, awaitEvents(jobId, 2).size(), "no second started/succeeded pair");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheConsumerKeepsWorking() {
        String garbageKey = UUID.randomUUID().toString();
        String futureKey = UUID.randomUUID().toString();
        RecordMetadata garbage = kafka.publish(garbageKey, "{not json at all");
        RecordMetadata incomplete = kafka.publish(UUID.randomUUID().toString(), "{\"schemaVersion\":1}");
        RecordMetadata future = kafka.publish(futureKey, "{\"schemaVersion\":2,\"jobId\":\"" + UUID.randomUUID()
                + "\",\"owner\":\"o\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}");
        String prompt = "after garbage " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(imagesResponse(OUTPUT_PNG)));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO), false);

        publishRequest(jobId);

        awaitStatus(jobId, "succeeded");
        await().atMost(PATIENCE).until(() -> kafka.workerCommittedPast(garbage) && kafka.workerCommittedPast(incomplete)
                && kafka.workerCommittedPast(future));
        List<KafkaTopicsClient.DeadLetter> dead = kafka.deadLetters();
        KafkaTopicsClient.DeadLetter unparseable = dead.stream().filter(d -> garbageKey.equals(d.key())).findFirst().orElseThrow();
        assertEquals("{not json at all", unparseable.value());
        assertTrue(unparseable.headers().get("dead-letter-reason").contains("unparseable"), unparseable.headers().toString());
        assertEquals("image-edit.requests", unparseable.headers().get("dead-letter-topic"));
        assertEquals(Long.toString(garbage.offset()), unparseable.headers().get("dead-letter-offset"));
        KafkaTopicsClient.DeadLetter unknownVersion = dead.stream().filter(d -> futureKey.equals(d.key())).findFirst().orElseThrow();
        assertTrue(unknownVersion.headers().get("dead-letter-reason").contains("unknown schemaVersion 2"),
                unknownVersion.headers().toString());
    }

    // An n=2 edit of one photo with a mask, answered with a PNG and a JPEG, run to success.
    private UUID succeededEdit(String prompt) {
        upstream.whenPrompt(prompt, okJson(imagesResponse(OUTPUT_PNG, OUTPUT_JPEG))
                .withHeader("x-request-id", "req_upstream_42"));
        UUID jobId = queuedJob(prompt, 2, List.of(PHOTO), true);
        publishRequest(jobId);
        awaitStatus(jobId, "succeeded");
        return jobId;
    }

    private UUID moderationBlockedJob(String details) {
        String prompt = "refused " + UUID.randomUUID();
        upstream.whenPrompt(prompt, aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_err_400")
                .withBody("{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
                        + "\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\","
                        + "\"moderation_details\":" + details + "}}"));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO), false);
        publishRequest(jobId);
        return jobId;
    }

    private JsonNode failedEvent(UUID jobId) {
        return awaitEvents(jobId, 2).stream().filter(e -> ImageEditFailed.TYPE.equals(e.type())).findFirst()
                .orElseThrow().data();
    }

    private static List<String> categories(Map<String, Object> job) throws java.sql.SQLException {
        return List.of((String[]) ((java.sql.Array) job.get("error_moderation_categories")).getArray());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private UUID failingJob(int status, String type, String code, String message) {
        String prompt = "doomed " + status + " " + UUID.randomUUID();
        String codeJson = code == null ? "null" : "\"" + code + "\"";
        upstream.whenPrompt(prompt, aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_err_" + status)
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                        + "\",\"param\":null,\"code\":" + codeJson + "}}"));
        UUID jobId = queuedJob(prompt, 1, List.of(PHOTO), true);
        publishRequest(jobId);
        return jobId;
    }

    private void assertFailed(UUID jobId, int httpStatus, String errorCode, String message) {
        assertFailed(jobId, httpStatus, errorCode, message, 1);
    }

    private void assertFailed(UUID jobId, int httpStatus, String errorCode, String message, int expectedAttempts) {
        awaitStatus(jobId, "failed");
        Map<String, Object> job = rows.job(jobId);
        assertEquals(errorCode, job.get("error_code"));
        assertEquals(message, job.get("error_message"));
        assertNotNull(job.get("finished_at"));
        assertTrue(rows.outputs(jobId).isEmpty());
        List<Map<String, Object>> attempts = rows.attempts(jobId);
        assertEquals(expectedAttempts, attempts.size());
        assertEquals(expectedAttempts, upstream.received(editsWithPrompt((String) job.get("prompt"))).size(),
                "one upstream call per attempt");
        for (Map<String, Object> attempt : attempts) {
            assertEquals(httpStatus, attempt.get("http_status"));
            assertEquals(errorCode, attempt.get("error_code"));
            assertEquals("req_err_" + httpStatus, attempt.get("upstream_request_id"));
        }

        List<Event> events = awaitEvents(jobId, expectedAttempts + 1);
        List<String> expectedTypes = new ArrayList<>();
        for (int i = 0; i < expectedAttempts; i++) {
            expectedTypes.add(ImageEditStarted.TYPE);
        }
        expectedTypes.add(ImageEditFailed.TYPE);
        assertEquals(expectedTypes, events.stream().map(Event::type).toList());
        JsonNode failed = events.get(expectedAttempts).data();
        assertEquals(errorCode, failed.path("errorCode").asText());
        if (!"MODERATION_BLOCKED".equals(errorCode)) {
            assertTrue(failed.path("moderation").isMissingNode(), "only a moderation refusal carries moderation");
            assertNull(job.get("error_moderation_categories"));
        }
        assertEquals(message, failed.path("errorMessage").asText());
        assertEquals(expectedAttempts, failed.path("attempts").asInt());
    }

    private UUID queuedJob(String prompt, int n, List<byte[]> images, boolean withMask) {
        List<JobRows.Input> inputs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            boolean png = images.get(i)[1] == 'P';
            inputs.add(new JobRows.Input("image", i, "photo-" + i + (png ? ".png" : ".jpg"),
                    png ? "image/png" : "image/jpeg", 32, 24, images.get(i)));
        }
        if (withMask) {
            inputs.add(new JobRows.Input("mask", 0, "mask.png", "image/png", 32, 24, MASK));
        }
        return rows.insertQueuedJob("owner-a", prompt, n, "req-client-" + UUID.randomUUID(), inputs);
    }

    private RecordMetadata publishRequest(UUID jobId) {
        return kafka.publish(ImageEditRequested.of(jobId, "owner-a", "req-client-1", Instant.now()), jobId);
    }

    private void awaitStatus(UUID jobId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(status, rows.status(jobId)));
    }

    private List<Event> awaitEvents(UUID jobId, int count) {
        await().atMost(PATIENCE).pollInSameThread().until(() -> kafka.eventsFor(jobId).size() >= count);
        return kafka.eventsFor(jobId);
    }

    private static String text(LoggedRequest call, String name) {
        List<Part> found = named(call, name);
        assertEquals(1, found.size(), "exactly one " + name + " part");
        return found.getFirst().text();
    }

    static String imagesResponse(byte[]... images) {
        StringBuilder data = new StringBuilder();
        for (byte[] image : images) {
            data.append(data.isEmpty() ? "" : ",")
                    .append("{\"b64_json\":\"").append(Base64.getEncoder().encodeToString(image)).append("\"}");
        }
        return "{\"created\":1713833628,\"data\":[" + data + "],\"output_format\":\"png\",\"usage\":"
                + "{\"total_tokens\":90,\"input_tokens\":50,\"output_tokens\":40,"
                + "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}";
    }
}
