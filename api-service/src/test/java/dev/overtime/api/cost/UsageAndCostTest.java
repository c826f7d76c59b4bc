package dev.overtime.api.cost;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The job view's {@code cost} and {@code GET /v1/usage}, over ledger rows as the worker writes them: the caller's
 * billed attempts only, summed and grouped by model and day.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class UsageAndCostTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);

    @Inject
    Fixtures fixtures;

    private Fixtures.Caller caller;

    @BeforeEach
    void newCaller() {
        caller = fixtures.newCaller();
    }

    @Test
    void theJobViewShowsWhatItsBilledAttemptsCost() {
        String id = submit().then().statusCode(202)
                .body("cost.usd", equalTo("0")).body("cost.billedAttempts", equalTo(0))
                .extract().path("id");

        // What the worker writes for a failed attempt without usage and a billed one (it bumps the version, so no
        // stale answer is served).
        UUID jobId = UUID.fromString(id);
        attempt(jobId, 1, "2026-12-01T10:00:00Z", "UPSTREAM_TIMEOUT", 0, 0, "0");
        attempt(jobId, 2, "2026-12-01T10:05:00Z", null, 1300, 1000, "0.04210000");
        fixtures.execute("""
                update image_edit_jobs set cost_usd = 0.04210000, billed_attempts = 1, version = version + 1
                 where id = ?""", jobId);

        given().header("Authorization", caller.bearer()).get("/v1/image-edits/" + id).then().statusCode(200)
                .body("cost.usd", equalTo("0.0421")).body("cost.billedAttempts", equalTo(1))
                .body("attemptLog.costUsd", equalTo(List.of("0", "0.0421")));
    }

    @Test
    void usageSumsTheCallersBilledAttemptsInTheRange() {
        UUID standard = ledgerJob("gpt-image-1.5", "2026-11-03T10:00:00Z");
        attempt(standard, 1, "2026-11-03T10:00:01Z", "UPSTREAM_ERROR", 0, 0, "0");
        attempt(standard, 2, "2026-11-03T10:01:00Z", null, 1300, 4160, "0.138");
        output(standard, 0);
        output(standard, 1);
        UUID retried = ledgerJob("gpt-image-1.5", "2026-11-04T09:00:00Z");
        attempt(retried, 1, "2026-11-04T09:00:01Z", "UPSTREAM_ERROR", 110, 1056, "0.03467");
        attempt(retried, 2, "2026-11-04T09:01:00Z", null, 110, 1056, "0.03467");
        output(retried, 0);
        UUID mini = ledgerJob("gpt-image-1-mini", "2026-11-04T12:00:00Z");
        attempt(mini, 1, "2026-11-04T12:00:01Z", null, 520, 272, "0.003316");
        output(mini, 0);
        // Outside the range, and another owner's: neither counts.
        UUID december = ledgerJob("gpt-image-1.5", "2026-12-01T00:00:00Z");
        attempt(december, 1, "2026-12-01T00:00:01Z", null, 100, 100, "1");
        Fixtures.Caller other = fixtures.newCaller();
        UUID theirs = ledgerJob(other, "gpt-image-1.5", "2026-11-05T00:00:00Z");
        attempt(theirs, 1, "2026-11-05T00:00:01Z", null, 100, 100, "1");

        usage("from=2026-11-01&to=2026-11-30").then().statusCode(200)
                .body("object", equalTo("usage"))
                .body("from", equalTo("2026-11-01T00:00:00Z")).body("to", equalTo("2026-12-01T00:00:00Z"))
                .body("totals.jobs", equalTo(3)).body("totals.images", equalTo(4))
                .body("totals.inputTokens", equalTo(1300 + 110 + 110 + 520))
                .body("totals.outputTokens", equalTo(4160 + 1056 + 1056 + 272))
                .body("totals.usd", equalTo("0.210656"))
                .body("groups", nullValue());

        usage("from=2026-11-01&to=2026-11-30&groupBy=model,day").then().statusCode(200)
                .body("groupBy", equalTo(List.of("model", "day")))
                .body("groups", hasSize(3))
                .body("groups[0]", equalTo(Map.of("model", "gpt-image-1-mini", "day", "2026-11-04", "jobs", 1,
                        "images", 1, "inputTokens", 520, "outputTokens", 272, "totalTokens", 792, "usd", "0.003316")))
                .body("groups[1].model", equalTo("gpt-image-1.5")).body("groups[1].day", equalTo("2026-11-03"))
                .body("groups[1].usd", equalTo("0.138")).body("groups[1].images", equalTo(2))
                .body("groups[2].model", equalTo("gpt-image-1.5")).body("groups[2].day", equalTo("2026-11-04"))
                .body("groups[2].jobs", equalTo(1)).body("groups[2].usd", equalTo("0.06934"));

        usage("from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=model").then().statusCode(200)
                .body("groups", hasSize(2))
                .body("groups[1].model", equalTo("gpt-image-1.5")).body("groups[1].jobs", equalTo(2))
                .body("groups[1].usd", equalTo("0.20734")).body("groups[1].day", nullValue());
    }

    @Test
    void usageDefaultsToThisMonthSoFar() {
        usage("").then().statusCode(200)
                .body("totals.jobs", equalTo(0)).body("totals.usd", equalTo("0"))
                .body("groupBy", hasSize(0));
    }

    @Test
    void badUsageParametersAre400WithAStableCode() {
        usage("groupBy=model,week").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("groupBy"));
        usage("groupBy=day,day").then().statusCode(400).body("param", equalTo("groupBy"));
        usage("from=yesterday").then().statusCode(400)
                .body("code", equalTo("INVALID_PARAMETER")).body("param", equalTo("from"));
        usage("from=2026-11-02&to=2026-11-01").then().statusCode(400).body("param", equalTo("from"));
        usage("from=2024-01-01&to=2026-01-01").then().statusCode(400).body("param", equalTo("to"));
        given().get("/v1/usage").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
    }

    private Response usage(String query) {
        return given().header("Authorization", caller.bearer()).get("/v1/usage" + (query.isEmpty() ? "" : "?" + query));
    }

    private Response submit() {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "paint the square blue")
                .post("/v1/image-edits");
    }

    private UUID ledgerJob(String model, String createdAt) {
        return ledgerJob(caller, model, createdAt);
    }

    // A job as the API stores it, then moved to the month and model of the scenario.
    private UUID ledgerJob(Fixtures.Caller who, String model, String createdAt) {
        String id = given().header("Authorization", who.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "ledger " + UUID.randomUUID())
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        UUID jobId = UUID.fromString(id);
        fixtures.execute("update image_edit_jobs set model = ?, created_at = ? where id = ?", model,
                Timestamp.from(Instant.parse(createdAt)), jobId);
        return jobId;
    }

    private void attempt(UUID jobId, int attempt, String startedAt, String errorCode, long in, long out, String usd) {
        fixtures.execute("""
                insert into image_edit_attempts (job_id, attempt, started_at, duration_ms, http_status, error_code,
                                                 input_tokens, output_tokens, total_tokens, cost_usd)
                values (?, ?, ?, 1000, 200, ?, ?, ?, ?, cast(? as numeric))""",
                jobId, attempt, Timestamp.from(Instant.parse(startedAt)), errorCode, in, out, in + out, usd);
    }

    private void output(UUID jobId, int position) {
        fixtures.execute("""
                insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes,
                                                object_key, created_at)
                values (?, ?, 'image/png', 64, 64, 100, ?, now())""", jobId, position, "test/" + jobId + "/" + position);
    }
}
