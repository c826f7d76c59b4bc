package dev.overtime.worker.edit.messaging;

import dev.overtime.common.Metric;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.localinfra.MetricsScrape;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After real edits, the worker's management port shows every metric the worker exports, with the values the edits
 * imply: an attempt rate limited then retried, one that succeeded with its billed tokens, the job counted finished.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class EditMetricsTest extends WorkerScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PHOTO = TestImages.png(32, 24);
    private static final String MODEL = "gpt-image-1";

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void aRetriedThenSucceededEditShowsInEveryWorkerMetric() {
        MetricsScrape before = scrape();
        String prompt = "metrics " + UUID.randomUUID();
        rateLimitedOnceThenSucceeds(prompt);
        UUID jobId = rows.insertQueuedJob("owner-m", prompt, 1, "req-metrics", List.of(
                new JobRows.Input("image", 0, "photo.png", "image/png", 32, 24, PHOTO)));

        kafka.publish(ImageEditRequested.of(jobId, "owner-m", "req-metrics", Instant.now()), jobId);

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals("succeeded", rows.status(jobId)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            MetricsScrape after = scrape();
            assertEquals(1, delta(before, after, "overtime_jobs_finished_total",
                    "model", MODEL, "outcome", "succeeded", "code", "none"));
            assertEquals(1, delta(before, after, "overtime_upstream_retries_total", "code", "RATE_LIMITED"));
            assertEquals(1, delta(before, after, "overtime_upstream_request_duration_seconds_count",
                    "upstream", "openai", "outcome", "error"));
            assertEquals(1, delta(before, after, "overtime_upstream_request_duration_seconds_count",
                    "upstream", "openai", "outcome", "success"));
            assertEquals(50, delta(before, after, "overtime_tokens_total", "model", MODEL, "kind", "input"));
            assertEquals(40, delta(before, after, "overtime_tokens_total", "model", MODEL, "kind", "output"));
            assertEquals(0, after.value("overtime_worker_edits_in_flight"));
            assertEquals(0, after.value("overtime_outbox_lag_seconds", "service", "worker-service"));
        });
        MetricsScrape after = scrape();
        for (Metric metric : Metric.exportedBy(Metric.Exporter.WORKER)) {
            assertTrue(metric.seriesNames().stream().anyMatch(after.names()::contains),
                    metric.prometheusName() + " is exported: " + after.names());
        }
    }

    private void rateLimitedOnceThenSucceeds(String prompt) {
        upstream.admin().register(post("/v1/images/edits").inScenario(prompt).whenScenarioStateIs(STARTED)
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo(prompt)))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after-ms", "100")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("limited"));
        upstream.admin().register(post("/v1/images/edits").inScenario(prompt).whenScenarioStateIs("limited")
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo(prompt)))
                .willReturn(okJson(ImageEditWorkerTest.imagesResponse(TestImages.png(64, 48)))));
    }

    private MetricsScrape scrape() {
        String base = management.toString();
        return MetricsScrape.of(base.substring(0, base.indexOf("/q")));
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
