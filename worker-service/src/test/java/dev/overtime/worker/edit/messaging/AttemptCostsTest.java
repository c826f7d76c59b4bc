package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overtime.common.events.ImageEditFailed;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.common.events.ImageEditSucceeded;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient.Event;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost ledger: every upstream attempt priced from its usage at the price table version in force when it ran,
 * booked on its job and its owner's month, and the estimate reserved at submit settled to the real cost. Prices:
 * gpt-image-1 at OpenAI's defaults (2025-04-23: $5 text, $10 image in, $40 image out), gpt-image-1-mini at the
 * test version in force since 2025-06-01 ($3, $4, $9; the default was $2, $2.50, $8).
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class AttemptCostsTest extends WorkerScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PHOTO = TestImages.png(32, 24);
    private static final byte[] OUTPUT = TestImages.png(64, 48);

    @Test
    void aSucceededAttemptCostsItsUsageTimesThePriceInForceWhenItRan() {
        String owner = "owner-" + UUID.randomUUID();
        String prompt = "priced " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(images(usage(1000, 300, 4160))));
        UUID jobId = queuedJob(owner, prompt, "gpt-image-1");

        publish(jobId, owner);
        awaitStatus(jobId, "succeeded");

        // (1000 x 5 + 300 x 10 + 4160 x 40) / 10^6; the 2999 version of gpt-image-1 is not in force yet.
        BigDecimal expected = new BigDecimal("0.1744");
        Map<String, Object> attempt = rows.attempts(jobId).getFirst();
        assertAmount(expected, attempt.get("cost_usd"));
        // The table's version in force (2025-06-01, which kept gpt-image-1's 2025-04-23 price), not the 2999 one.
        assertEquals(LocalDate.parse("2025-06-01"), ((java.sql.Date) attempt.get("price_version")).toLocalDate());
        assertEquals(1000L, attempt.get("input_text_tokens"));
        assertEquals(300L, attempt.get("input_image_tokens"));
        Map<String, Object> job = rows.job(jobId);
        assertAmount(expected, job.get("cost_usd"));
        assertEquals(1, job.get("billed_attempts"));
        assertAmount(expected, rows.monthlySpend(owner).get("spent_usd"));

        JsonNode cost = finishedEvent(jobId, ImageEditSucceeded.TYPE).path("cost");
        assertEquals("0.1744", cost.path("usd").asText());
        assertEquals(1, cost.path("billedAttempts").asInt());
    }

    @Test
    void eachModelIsPricedAtItsOwnRatesAndAMonthAddsThemUp() {
        String owner = "owner-" + UUID.randomUUID();
        String standard = "standard " + UUID.randomUUID();
        String mini = "mini " + UUID.randomUUID();
        upstream.whenPrompt(standard, okJson(images(usage(20, 500, 1056))));
        upstream.whenPrompt(mini, okJson(images(usage(20, 500, 272))));
        UUID standardJob = queuedJob(owner, standard, "gpt-image-1");
        UUID miniJob = queuedJob(owner, mini, "gpt-image-1-mini");

        publish(standardJob, owner);
        publish(miniJob, owner);
        awaitStatus(standardJob, "succeeded");
        awaitStatus(miniJob, "succeeded");

        // gpt-image-1: (20 x 5 + 500 x 10 + 1056 x 40) / 10^6 = 0.04734
        // gpt-image-1-mini at the 2025-06-01 version: (20 x 3 + 500 x 4 + 272 x 9) / 10^6 = 0.004508
        assertAmount(new BigDecimal("0.04734"), rows.job(standardJob).get("cost_usd"));
        assertAmount(new BigDecimal("0.004508"), rows.job(miniJob).get("cost_usd"));
        assertEquals(LocalDate.parse("2025-06-01"),
                ((java.sql.Date) rows.attempts(miniJob).getFirst().get("price_version")).toLocalDate());
        assertAmount(new BigDecimal("0.051848"), rows.monthlySpend(owner).get("spent_usd"));
    }

    @Test
    void aRetriedAttemptThatHadUsageIsBilledBesideTheOneThatSucceeded() {
        String owner = "owner-" + UUID.randomUUID();
        String prompt = "unreadable first " + UUID.randomUUID();
        // The first answer is generated (and billed by OpenAI) but holds no image Overtime can read: retried.
        upstream.admin().register(post("/v1/images/edits").inScenario(prompt).whenScenarioStateIs(STARTED)
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo(prompt)))
                .willReturn(okJson(imagesOf("bm90IGFuIGltYWdl", usage(10, 100, 1056)))).willSetStateTo("again"));
        upstream.admin().register(post("/v1/images/edits").inScenario(prompt).whenScenarioStateIs("again")
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(equalTo(prompt)))
                .willReturn(okJson(images(usage(10, 100, 1056)))));
        UUID jobId = queuedJob(owner, prompt, "gpt-image-1");

        publish(jobId, owner);
        awaitStatus(jobId, "succeeded");

        // Each attempt: (10 x 5 + 100 x 10 + 1056 x 40) / 10^6 = 0.04329
        List<Map<String, Object>> attempts = rows.attempts(jobId);
        assertEquals(2, attempts.size());
        assertEquals("UPSTREAM_ERROR", attempts.get(0).get("error_code"));
        assertAmount(new BigDecimal("0.04329"), attempts.get(0).get("cost_usd"));
        assertAmount(new BigDecimal("0.04329"), attempts.get(1).get("cost_usd"));
        Map<String, Object> job = rows.job(jobId);
        assertAmount(new BigDecimal("0.08658"), job.get("cost_usd"));
        assertEquals(2, job.get("billed_attempts"));
        assertAmount(new BigDecimal("0.08658"), rows.monthlySpend(owner).get("spent_usd"));
        assertEquals("0.08658", finishedEvent(jobId, ImageEditSucceeded.TYPE).path("cost").path("usd").asText());
    }

    @Test
    void aFailureWithoutUsageCostsNothingAndReleasesTheReservation() {
        String owner = "owner-" + UUID.randomUUID();
        String prompt = "refused " + UUID.randomUUID();
        upstream.whenPrompt(prompt, aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
                        + "\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\"}}"));
        UUID jobId = queuedJob(owner, prompt, "gpt-image-1");
        reserve(owner, jobId, "0.25");

        publish(jobId, owner);
        awaitStatus(jobId, "failed");

        Map<String, Object> attempt = rows.attempts(jobId).getFirst();
        assertAmount(BigDecimal.ZERO, attempt.get("cost_usd"));
        assertNull(attempt.get("price_version"), "priced at nothing, from no version");
        Map<String, Object> job = rows.job(jobId);
        assertAmount(BigDecimal.ZERO, job.get("cost_usd"));
        assertEquals(0, job.get("billed_attempts"));
        assertAmount(BigDecimal.ZERO, job.get("reserved_usd"));
        Map<String, Object> month = rows.monthlySpend(owner);
        assertAmount(BigDecimal.ZERO, month.get("spent_usd"));
        assertAmount(BigDecimal.ZERO, month.get("reserved_usd"));
        JsonNode cost = finishedEvent(jobId, ImageEditFailed.TYPE).path("cost");
        assertEquals("0", cost.path("usd").asText());
        assertEquals(0, cost.path("billedAttempts").asInt());
    }

    @Test
    void theEstimateReservedAtSubmitIsSettledToTheRealCost() {
        String owner = "owner-" + UUID.randomUUID();
        String prompt = "settled " + UUID.randomUUID();
        upstream.whenPrompt(prompt, okJson(images(usage(1000, 300, 4160))));
        UUID jobId = queuedJob(owner, prompt, "gpt-image-1");
        // Another job of the same owner still holds its own reservation: settlement must leave it alone. It waits for
        // a retry an hour away: a due queued job would be the next fair claim of the owner (any record is a signal).
        UUID other = queuedJob(owner, "waiting " + UUID.randomUUID(), "gpt-image-1");
        rows.update("update image_edit_jobs set not_before = now() + interval '1 hour' where id = ?", other);
        reserve(owner, jobId, "0.25");
        reserve(owner, other, "0.10");

        publish(jobId, owner);
        awaitStatus(jobId, "succeeded");

        Map<String, Object> job = rows.job(jobId);
        assertAmount(new BigDecimal("0.1744"), job.get("cost_usd"));
        assertAmount(BigDecimal.ZERO, job.get("reserved_usd"));
        Map<String, Object> month = rows.monthlySpend(owner);
        assertAmount(new BigDecimal("0.1744"), month.get("spent_usd"));
        assertAmount(new BigDecimal("0.10"), month.get("reserved_usd"));
    }

    // What the API's submit does in the job's transaction (BudgetReservations), written directly here.
    private void reserve(String owner, UUID jobId, String usd) {
        rows.update("""
                insert into owner_monthly_spend (owner, month, reserved_usd)
                values ('%s', date_trunc('month', now() at time zone 'UTC')::date, %s)
                on conflict (owner, month) do update set reserved_usd = owner_monthly_spend.reserved_usd + %s
                 where owner_monthly_spend.owner = ?""".formatted(owner, usd, usd), owner);
        rows.update("""
                update image_edit_jobs set reserved_usd = %s,
                       reserved_month = date_trunc('month', now() at time zone 'UTC')::date
                 where id = ?""".formatted(usd), jobId);
    }

    private UUID queuedJob(String owner, String prompt, String model) {
        UUID jobId = rows.insertQueuedJob(owner, prompt, 1, "req-" + UUID.randomUUID(),
                List.of(new JobRows.Input("image", 0, "photo.png", "image/png", 32, 24, PHOTO)));
        rows.update("update image_edit_jobs set model = '" + model + "' where id = ?", jobId);
        return jobId;
    }

    private void publish(UUID jobId, String owner) {
        kafka.publish(ImageEditRequested.of(jobId, owner, "req-client-1", Instant.now()), jobId);
    }

    private void awaitStatus(UUID jobId, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(status, rows.status(jobId)));
    }

    private JsonNode finishedEvent(UUID jobId, String type) {
        await().atMost(PATIENCE).pollInSameThread()
                .until(() -> kafka.eventsFor(jobId).stream().anyMatch(e -> type.equals(e.type())));
        return kafka.eventsFor(jobId).stream().filter(e -> type.equals(e.type())).map(Event::data)
                .findFirst().orElseThrow();
    }

    private static void assertAmount(BigDecimal expected, Object actual) {
        assertTrue(actual instanceof BigDecimal, "a numeric amount: " + actual);
        assertEquals(0, expected.compareTo((BigDecimal) actual), "expected " + expected + " but was " + actual);
    }

    private static String usage(long text, long image, long output) {
        return "{\"total_tokens\":" + (text + image + output) + ",\"input_tokens\":" + (text + image)
                + ",\"output_tokens\":" + output + ",\"input_tokens_details\":{\"text_tokens\":" + text
                + ",\"image_tokens\":" + image + "}}";
    }

    private static String images(String usage) {
        return imagesOf(java.util.Base64.getEncoder().encodeToString(OUTPUT), usage);
    }

    private static String imagesOf(String b64, String usage) {
        return "{\"created\":1713833628,\"data\":[{\"b64_json\":\"" + b64 + "\"}],\"output_format\":\"png\","
                + "\"usage\":" + usage + "}";
    }
}
