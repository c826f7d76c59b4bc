package dev.overtime.api.operations;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.common.Metric;
import dev.overtime.localinfra.MetricsScrape;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a job is submitted, followed over SSE and canceled, the API's management port shows every metric the API
 * exports, with the values those requests imply.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class ApiMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Fixtures fixtures;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @TestHTTPResource("/")
    URL api;

    @Test
    void aSubmittedFollowedAndCanceledJobShowsInEveryApiMetric() throws Exception {
        UpstreamStubs.resetAll();
        Fixtures.Caller caller = fixtures.newCaller();
        // Streams earlier tests opened in this application end on their own (their clients are gone); one ending
        // after the baseline below would cancel out this test's stream in the delta.
        await().atMost(PATIENCE).until(() -> scrape().value("overtime_push_connections", "kind", "sse") == 0);
        MetricsScrape before = scrape();

        String id = Edits.submit(caller, "paint the metrics blue").response().then().statusCode(202).extract().path("id");
        Edits.get(caller, "/v1/presets").response().then().statusCode(200);
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(api + "v1/image-edits/" + id + "/events"))
                .header("Authorization", caller.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        await().atMost(PATIENCE).untilAsserted(() ->
                assertEquals(1, delta(before, scrape(), "overtime_push_connections", "kind", "sse")));

        given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/cancel").then().statusCode(200);
        try (InputStream events = stream.body()) {
            events.readAllBytes(); // the stream ends after the terminal event
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            MetricsScrape after = scrape();
            assertEquals(0, delta(before, after, "overtime_push_connections", "kind", "sse"));
            assertEquals(1, delta(before, after, "overtime_jobs_accepted_total", "model", "gpt-image-1.5"));
            assertEquals(1, delta(before, after, "overtime_jobs_finished_total",
                    "model", "gpt-image-1.5", "outcome", "canceled", "code", "CANCELED"));
            assertEquals(1, delta(before, after, "overtime_upstream_request_duration_seconds_count",
                    "upstream", "moderation", "outcome", "success"));
            assertEquals(1, delta(before, after, "overtime_upstream_request_duration_seconds_count",
                    "upstream", "presets", "outcome", "success"));
            assertEquals(0, after.value("overtime_circuit_state", "upstream", "moderation"), "closed");
            assertEquals(0, after.value("overtime_outbox_lag_seconds", "service", "api-service"), "caught up");
        });
        MetricsScrape after = scrape();
        for (Metric metric : Metric.exportedBy(Metric.Exporter.API)) {
            assertTrue(metric.seriesNames().stream().anyMatch(after.names()::contains),
                    metric.prometheusName() + " is exported: " + after.names());
        }
    }

    @Test
    void theQueueGaugesFollowTheQueuedJobsWithinASampleInterval() {
        Fixtures.Caller caller = fixtures.newCaller();
        Edits.submit(caller, "wait in the queue").response().then().statusCode(202);

        await().atMost(PATIENCE).untilAsserted(() -> {
            long queued = fixtures.countRows("select count(*) from image_edit_jobs where status = 'queued'");
            double oldestAge = Double.parseDouble(fixtures.textOf("""
                    select extract(epoch from now() - min(created_at)) from image_edit_jobs where status = 'queued'"""));
            MetricsScrape scrape = scrape();
            assertEquals(queued, scrape.value("overtime_jobs_queued"));
            double sampledAge = scrape.value("overtime_jobs_oldest_queued_age_seconds");
            assertTrue(sampledAge > 0 && sampledAge <= oldestAge && sampledAge > oldestAge - 5,
                    "sampled age " + sampledAge + " s against " + oldestAge + " s now");
        });
    }

    private MetricsScrape scrape() {
        String base = management.toString();
        return MetricsScrape.of(base.substring(0, base.indexOf("/q")));
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
