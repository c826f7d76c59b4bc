package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.TestUpstream;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import dev.overtime.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An upstream slower than the configured timeout is retried, then fails the job as UPSTREAM_TIMEOUT. */
@QuarkusTest
@TestProfile(UpstreamTimeoutTest.ShorterTimeoutsProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class UpstreamTimeoutTest {

    /** Production keeps 180 s; the test shortens it through config, never in code. */
    public static class ShorterTimeoutsProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.worker.openai.timeout", "1s", "overtime.worker.retry.max-attempts", "2");
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper json;

    @Test
    void slowUpstreamFailsTheJobAsUpstreamTimeout() {
        String prompt = "too slow " + UUID.randomUUID();
        TestUpstream.fromConfig().whenPrompt(prompt,
                okJson(ImageEditWorkerTest.imagesResponse(TestImages.png(8, 8))).withFixedDelay(4_000));
        JobRows rows = new JobRows(dataSource, store);
        UUID jobId = rows.insertQueuedJob("owner-t", prompt, 1, "req-t", List.of(
                new JobRows.Input("image", 0, "p.png", "image/png", 8, 8, TestImages.png(8, 8))));

        try (KafkaTopicsClient kafka = new KafkaTopicsClient(json)) {
            kafka.publish(ImageEditRequested.of(jobId, "owner-t", "req-t", Instant.now()), jobId);
            await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(rows.status(jobId)));
        }

        assertEquals("UPSTREAM_TIMEOUT", rows.job(jobId).get("error_code"));
        assertEquals(2, rows.attempts(jobId).size(), "a timeout is retried");
        Map<String, Object> attempt = rows.attempts(jobId).getFirst();
        assertEquals("UPSTREAM_TIMEOUT", attempt.get("error_code"));
        assertNull(attempt.get("http_status"), "no response arrived");
        assertEquals(0, rows.outputs(jobId).size());
    }
}
