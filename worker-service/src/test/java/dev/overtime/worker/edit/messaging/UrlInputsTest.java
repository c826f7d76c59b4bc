package dev.overtime.worker.edit.messaging;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.overtime.common.events.ImageEditBatchCompleted;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.worker.support.ImageHost;
import dev.overtime.worker.support.KafkaTopicsClient;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.overtime.worker.support.MultipartBody.named;
import static dev.overtime.worker.support.TestUpstream.editsWithPrompt;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image inputs given as URLs, over real Kafka, PostgreSQL and S3Proxy, with a local image host: the worker fetches
 * each URL once however many jobs name it, stores each content once, and ends a job whose URL can't be had failed
 * with the reason.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class UrlInputsTest extends WorkerScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final byte[] OUTPUT = TestImages.png(64, 48);
    // Far from every special-purpose range's edge: link-local, the cloud metadata address. Refused even though the
    // tests admit loopback and private addresses.
    private static final String METADATA = "http://169.254.169.254/latest/meta-data/photo.png";

    private ImageHost host;

    @BeforeEach
    void startHost() {
        host = new ImageHost();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void twentyJobsNamingFiveUrlsFetchEachUrlOnceStoreEachContentOnceAndAllSucceed() throws Exception {
        String prompt = "from urls " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(ImageEditWorkerTest.imagesResponse(OUTPUT)));
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] photo = TestImages.png(40 + i, 30);
            photos.add(photo);
            // A wrong Content-Type: the worker goes by the bytes. One host answers chunked.
            if (i == 4) {
                host.serveChunked("/p" + i + ".png", photo, "application/octet-stream");
            } else {
                host.serve("/p" + i + ".png", photo, "text/plain");
            }
        }
        List<UUID> jobs = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            jobs.add(rows.insertUrlJob("owner-u", prompt, 1, "req-url-" + k, List.of(host.url("/p" + (k % 5) + ".png")),
                    null));
        }

        for (UUID job : jobs) {
            rows.update("update image_edit_jobs set variants = '32.png,16.jpg,128.png' where id = ?", job);
        }
        UUID batch = rows.insertBatch("owner-u", jobs);
        jobs.forEach(this::publishRequest);
        for (UUID job : jobs) {
            awaitStatus(job, "succeeded");
        }
        awaitBatch(batch, "completed");
        List<KafkaTopicsClient.Event> completed = awaitBatchEvent(batch);
        assertEquals(ImageEditBatchCompleted.TYPE, completed.getFirst().type());
        assertEquals(20, completed.getFirst().data().path("counts").path("succeeded").asInt());
        assertEquals(1, completed.size(), "the batch completes once");

        for (int i = 0; i < 5; i++) {
            assertEquals(1, host.hits("/p" + i + ".png"), "URL " + i + " fetched exactly once");
        }
        for (int k = 0; k < 20; k++) {
            byte[] photo = photos.get(k % 5);
            Map<String, Object> input = rows.inputRows(jobs.get(k)).getFirst();
            assertEquals(ObjectKeys.fetched(sha256(photo)), input.get("object_key"), "content-addressed");
            assertEquals(sha256(photo), input.get("sha256"));
            assertEquals("image/png", input.get("content_type"));
            assertEquals(40 + k % 5, input.get("width"));
            assertEquals(30, input.get("height"));
            assertEquals(photo.length, input.get("size_bytes"));
            assertArrayEquals(OUTPUT, rows.outputs(jobs.get(k)).getFirst().data());
            assertVariants(jobs.get(k));
        }
        for (int i = 0; i < 5; i++) {
            Map<String, Object> cached = rows.urlFetch(host.url("/p" + i + ".png"));
            assertEquals(ObjectKeys.fetched(sha256(photos.get(i))), cached.get("object_key"));
            Instant expires = ((java.sql.Timestamp) cached.get("expires_at")).toInstant();
            assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(59))), "cached for the 1 h TTL: " + expires);
        }
        List<LoggedRequest> calls = upstream.received(editsWithPrompt(prompt));
        assertEquals(20, calls.size());
        for (int i = 0; i < 5; i++) {
            byte[] photo = photos.get(i);
            long sent = calls.stream().filter(call -> Arrays.equals(photo, named(call, "image").getFirst().body())).count();
            assertEquals(4, sent, "image " + i + " went upstream byte for byte, once per job naming it");
        }
    }

    @Test
    void aUrlThatCannotBeHadEndsItsJobFailedWithTheReasonAndNoUpstreamCall() {
        String prompt = "doomed urls " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(ImageEditWorkerTest.imagesResponse(OUTPUT)));
        byte[] tooLarge = new byte[2_000_001];
        System.arraycopy(TestImages.png(8, 8), 0, tooLarge, 0, TestImages.png(8, 8).length);
        host.status("/gone.png", 404)
                .stall("/slow.png")
                .serve("/huge.png", tooLarge, "image/png")
                .serve("/notes.png", "these are words, not pixels".getBytes(), "image/png")
                .redirect("/to-metadata.png", METADATA);

        UUID missing = urlJob(prompt, host.url("/gone.png"));
        UUID slow = urlJob(prompt, host.url("/slow.png"));
        UUID huge = urlJob(prompt, host.url("/huge.png"));
        UUID words = urlJob(prompt, host.url("/notes.png"));
        UUID metadata = urlJob(prompt, METADATA);
        UUID redirected = urlJob(prompt, host.url("/to-metadata.png"));
        List<UUID> jobs = List.of(missing, slow, huge, words, metadata, redirected);
        UUID batch = rows.insertBatch("owner-u", jobs);
        jobs.forEach(this::publishRequest);

        assertFailed(missing, "INPUT_FETCH_FAILED", "image_url[0]: " + host.url("/gone.png") + " answered HTTP 404");
        assertFailed(huge, "INPUT_FETCH_FAILED", "is too large: more than 2000000 bytes");
        assertFailed(words, "INVALID_IMAGE", "did not serve a PNG, JPEG or WebP image");
        assertFailed(metadata, "INPUT_FETCH_FAILED",
                "refused by policy: host 169.254.169.254 resolves to 169.254.169.254, a private or special-purpose address");
        assertFailed(redirected, "INPUT_FETCH_FAILED", "refused by policy");
        // A timeout is worth retrying (the classified rules): every attempt is used before the job fails.
        assertFailed(slow, "INPUT_FETCH_FAILED", "timed out");
        assertEquals(3, rows.job(slow).get("attempts"), "retried up to retry.max-attempts");
        assertEquals(3, host.hits("/slow.png"));
        assertEquals(1, rows.job(missing).get("attempts"), "a 404 is final");
        assertEquals(1, host.hits("/gone.png"));
        assertEquals(0, upstream.received(editsWithPrompt(prompt)).size(), "no upstream call for any of them");
        assertEquals("INPUT_FETCH_FAILED", rows.attempts(missing).getFirst().get("error_code"));
        awaitBatch(batch, "completed");
        assertEquals(6, awaitBatchEvent(batch).getFirst().data().path("counts").path("failed").asInt(),
                "its batch completes with every item failed");
    }

    private void awaitBatch(UUID batch, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(status, rows.batch(batch).get("status")));
    }

    private List<KafkaTopicsClient.Event> awaitBatchEvent(UUID batch) {
        await().atMost(PATIENCE).pollInSameThread().until(() -> !kafka.eventsFor(batch).isEmpty());
        return kafka.eventsFor(batch);
    }

    // OUTPUT is 64x48: 32.png and 16.jpg scale it down, aspect kept; 128.png would upscale, so it stays 64x48.
    private void assertVariants(UUID job) throws Exception {
        List<Map<String, Object>> variants = rows.variantRows(job);
        assertEquals(List.of("128.png", "16.jpg", "32.png"), variants.stream().map(v -> v.get("name")).toList());
        int[][] sizes = {{64, 48}, {16, 12}, {32, 24}};
        String[] formats = {"png", "jpeg", "png"};
        for (int i = 0; i < 3; i++) {
            Map<String, Object> row = variants.get(i);
            byte[] bytes = rows.object((String) row.get("object_key"));
            assertEquals(bytes.length, row.get("size_bytes"));
            assertEquals(sha256(bytes), row.get("sha256"));
            assertEquals("image/" + formats[i], row.get("content_type"));
            assertTrue(((String) row.get("object_key")).startsWith(ObjectKeys.VARIANTS + job + "/1/0/"));
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                ImageReader reader = ImageIO.getImageReaders(in).next();
                reader.setInput(in);
                assertEquals(formats[i], reader.getFormatName().toLowerCase(java.util.Locale.ROOT), "decoded as " + formats[i]);
                assertEquals(sizes[i][0], reader.getWidth(0));
                assertEquals(sizes[i][1], reader.getHeight(0));
                reader.dispose();
            }
            assertEquals(sizes[i][0], row.get("width"));
            assertEquals(sizes[i][1], row.get("height"));
            assertTrue(row.get("expires_at") != null, "expires with its output");
        }
    }

    private UUID urlJob(String prompt, String url) {
        return rows.insertUrlJob("owner-u", prompt, 1, "req-doomed", List.of(url), null);
    }

    private void assertFailed(UUID job, String code, String messagePart) {
        awaitStatus(job, "failed");
        Map<String, Object> row = rows.job(job);
        assertEquals(code, row.get("error_code"), job + ": " + row.get("error_message"));
        String message = (String) row.get("error_message");
        assertTrue(message.contains(messagePart), "'" + message + "' says '" + messagePart + "'");
    }

    private void publishRequest(UUID jobId) {
        kafka.publish(ImageEditRequested.of(jobId, "owner-u", "req-url", Instant.now()), jobId);
    }

    private void awaitStatus(UUID jobId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(status, rows.status(jobId)));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
