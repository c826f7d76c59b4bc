package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditPartialImage;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.ImageEditStarted;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient.Event;
import dev.overtime.worker.support.MultipartBody;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.overtime.worker.support.TestUpstream.editsWithPrompt;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs that ask for partial images: the worker streams the upstream's answer and stores each partial as it comes. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class PartialImagesTest extends WorkerScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PHOTO = TestImages.png(32, 24);
    private static final byte[] FIRST_PARTIAL = TestImages.png(16, 12);
    private static final byte[] SECOND_PARTIAL = TestImages.png(48, 36);
    private static final byte[] FINAL = TestImages.png(64, 48);

    @Test
    void storesAndAnnouncesEachPartialImageBeforeSucceeding() {
        String prompt = "streamed " + UUID.randomUUID();
        upstream.whenPrompt(prompt, eventStream(
                partialImage(0, FIRST_PARTIAL), partialImage(1, SECOND_PARTIAL), completed(FINAL)));
        UUID jobId = queuedJob(prompt, 2);

        publishRequest(jobId);

        awaitStatus(jobId, "succeeded");
        List<JobRows.PartialImage> partials = rows.partialImages(jobId);
        assertEquals(2, partials.size());
        assertPartial(partials.get(0), 0, FIRST_PARTIAL);
        assertPartial(partials.get(1), 1, SECOND_PARTIAL);
        List<JobRows.Output> outputs = rows.outputs(jobId);
        assertEquals(1, outputs.size());
        assertArrayEquals(FINAL, outputs.getFirst().data());
        assertEquals(90L, rows.job(jobId).get("total_tokens"));
        Map<String, Object> attempt = rows.attempts(jobId).getFirst();
        assertEquals(200, attempt.get("http_status"));
        assertEquals(90L, attempt.get("total_tokens"));

        LoggedRequest call = upstream.received(editsWithPrompt(prompt)).getFirst();
        assertEquals("true", MultipartBody.named(call, "stream").getFirst().text());
        assertEquals("2", MultipartBody.named(call, "partial_images").getFirst().text());

        List<Event> events = awaitEvents(jobId, 4);
        assertEquals(List.of(ImageEditStarted.TYPE, ImageEditPartialImage.TYPE, ImageEditPartialImage.TYPE,
                ImageEditSucceeded.TYPE), events.stream().map(Event::type).toList());
        for (int index = 0; index < 2; index++) {
            Event partial = events.get(1 + index);
            assertEquals(jobId.toString(), partial.key());
            assertEquals(jobId.toString(), partial.cloudEvent().path("subject").asText());
            assertTrue(partial.contentType().startsWith("application/cloudevents+json"));
            JsonNode data = partial.data();
            assertEquals(1, data.path("schemaVersion").asInt());
            assertEquals(index, data.path("partialImageIndex").asInt());
            assertEquals("image/png", data.path("contentType").asText());
            assertEquals(jobId.toString(), data.path("job").path("jobId").asText());
            assertEquals("owner-p", data.path("job").path("owner").asText());
            assertEquals("gpt-image-1", data.path("job").path("model").asText());
        }
    }

    @Test
    void errorEventInTheStreamFailsTheJobWithTheMappedCode() {
        String prompt = "streamed then refused " + UUID.randomUUID();
        upstream.whenPrompt(prompt, eventStream(partialImage(0, FIRST_PARTIAL), """
                event: error
                data: {"type":"error","error":{"type":"image_generation_user_error","code":"moderation_blocked",\
                "message":"Your request was rejected by the safety system.","param":null}}

                """));
        UUID jobId = queuedJob(prompt, 2);

        publishRequest(jobId);

        awaitStatus(jobId, "failed");
        Map<String, Object> job = rows.job(jobId);
        assertEquals("MODERATION_BLOCKED", job.get("error_code"));
        assertEquals("Your request was rejected by the safety system.", job.get("error_message"));
        assertEquals(1, rows.attempts(jobId).size(), "a moderation block is not retried");
        assertEquals("MODERATION_BLOCKED", rows.attempts(jobId).getFirst().get("error_code"));
        assertTrue(rows.outputs(jobId).isEmpty());
        List<Event> events = awaitEvents(jobId, 3);
        assertEquals(List.of(ImageEditStarted.TYPE, ImageEditPartialImage.TYPE, ImageEditFailed.TYPE),
                events.stream().map(Event::type).toList());
        assertEquals("MODERATION_BLOCKED", events.get(2).data().path("errorCode").asText());
    }

    @Test
    void errorStatusAnsweredToAStreamedCallIsClassifiedLikeAnyOther() {
        String prompt = "streamed but broke " + UUID.randomUUID();
        upstream.whenPrompt(prompt, aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req_quota")
                .withBody("{\"error\":{\"message\":\"You exceeded your current quota.\",\"type\":\"insufficient_quota\","
                        + "\"param\":null,\"code\":\"insufficient_quota\"}}"));
        UUID jobId = queuedJob(prompt, 1);

        publishRequest(jobId);

        awaitStatus(jobId, "failed");
        assertEquals("INSUFFICIENT_QUOTA", rows.job(jobId).get("error_code"));
        assertEquals("You exceeded your current quota.", rows.job(jobId).get("error_message"));
        Map<String, Object> attempt = rows.attempts(jobId).getFirst();
        assertEquals(429, attempt.get("http_status"));
        assertEquals("req_quota", attempt.get("upstream_request_id"));
    }

    @Test
    void streamEndingWithoutCompletedIsRetriedAndEachPartialIsStoredAndAnnouncedOnce() {
        String prompt = "streamed and cut " + UUID.randomUUID();
        upstream.whenPrompt(prompt, eventStream(partialImage(0, FIRST_PARTIAL)));
        UUID jobId = queuedJob(prompt, 1);

        publishRequest(jobId);

        awaitStatus(jobId, "failed");
        assertEquals("UPSTREAM_ERROR", rows.job(jobId).get("error_code"));
        assertEquals(3, rows.attempts(jobId).size(), "the test profile allows 3 attempts");
        assertEquals(1, rows.partialImages(jobId).size());
        List<Event> events = awaitEvents(jobId, 5);
        assertEquals(List.of(ImageEditStarted.TYPE, ImageEditPartialImage.TYPE, ImageEditStarted.TYPE,
                ImageEditStarted.TYPE, ImageEditFailed.TYPE), events.stream().map(Event::type).toList());
    }

    private static void assertPartial(JobRows.PartialImage partial, int position, byte[] data) {
        assertEquals(position, partial.position());
        assertEquals("image/png", partial.contentType());
        assertEquals(data.length, partial.sizeBytes());
        assertArrayEquals(data, partial.data());
    }

    private UUID queuedJob(String prompt, int partialImages) {
        return rows.insertQueuedJob("owner-p", prompt, 1, partialImages, "req-p-" + UUID.randomUUID(), List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 32, 24, PHOTO)));
    }

    private void publishRequest(UUID jobId) {
        kafka.publish(ImageEditRequested.of(jobId, "owner-p", "req-p", Instant.now()), jobId);
    }

    private void awaitStatus(UUID jobId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(status, rows.status(jobId)));
    }

    private List<Event> awaitEvents(UUID jobId, int count) {
        await().atMost(PATIENCE).pollInSameThread().until(() -> kafka.eventsFor(jobId).size() >= count);
        return kafka.eventsFor(jobId);
    }

    // The wire form of OpenAI's streamed edits (and of openai-simulator): one named event per JSON object.
    private static ResponseDefinitionBuilder eventStream(String... events) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(String.join("", events));
    }

    private static String partialImage(int index, byte[] image) {
        return "event: image_edit.partial_image\ndata: {\"type\":\"image_edit.partial_image\",\"b64_json\":\""
                + Base64.getEncoder().encodeToString(image) + "\",\"created_at\":1713833628,\"size\":\"1024x1024\","
                + "\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\",\"partial_image_index\":"
                + index + "}\n\n";
    }

    private static String completed(byte[] image) {
        return "event: image_edit.completed\ndata: {\"type\":\"image_edit.completed\",\"b64_json\":\""
                + Base64.getEncoder().encodeToString(image) + "\",\"created_at\":1713833629,\"size\":\"1024x1024\","
                + "\"quality\":\"low\",\"background\":\"opaque\",\"output_format\":\"png\",\"usage\":"
                + "{\"total_tokens\":90,\"input_tokens\":50,\"output_tokens\":40,"
                + "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}\n\n";
    }
}
