package dev.overtime.simulator;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class FaultInjectionTest {

    @BeforeEach
    @AfterEach
    void reset() {
        given().post("/__simulator/reset").then().statusCode(200);
    }

    private static void configure(Map<String, Object> config) {
        given().contentType(ContentType.JSON).body(config).put("/__simulator/config").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse editWithPrompt() {
        return ImageEditResourceTest.edit().multiPart("prompt", "x").post("/v1/images/edits").then();
    }

    @Test
    void rateLimitAnswers429WithRetryHeaders() {
        configure(Map.of("faults", "rate_limit=1.0"));
        editWithPrompt().statusCode(429)
                .header("retry-after", matchesPattern("\\d+"))
                .header("retry-after-ms", matchesPattern("\\d+"))
                .header("x-ratelimit-remaining-requests", "0")
                .header("x-ratelimit-limit-requests", "5000")
                .header("x-request-id", matchesPattern("req_[0-9a-f]+"))
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.type", equalTo("requests"))
                .body("error.param", nullValue());
        given().get("/__simulator/stats").then().body("edits.outcomes.rate_limit", equalTo(1));
    }

    @Test
    void insufficientQuotaAnswers429WithItsOwnType() {
        configure(Map.of("faults", "insufficient_quota=1.0"));
        editWithPrompt().statusCode(429)
                .body("error.code", equalTo("insufficient_quota"))
                .body("error.type", equalTo("insufficient_quota"));
    }

    @Test
    void serverErrorAnswers500() {
        configure(Map.of("faults", "server_error=1"));
        editWithPrompt().statusCode(500)
                .header("x-request-id", matchesPattern("req_[0-9a-f]+"))
                .body("error.code", equalTo("server_error"))
                .body("error.type", equalTo("server_error"));
        given().get("/__simulator/stats").then().body("edits.outcomes.server_error", equalTo(1));
    }

    @Test
    void moderationBlockedAnswers400SayingTheRenderedImageWasRefused() {
        configure(Map.of("faults", "moderation_blocked=1"));
        editWithPrompt().statusCode(400)
                .body("error.code", equalTo("moderation_blocked"))
                .body("error.type", equalTo("image_generation_user_error"))
                .body("error.moderation_details.moderation_stage", equalTo("output"))
                .body("error.moderation_details.categories", equalTo(java.util.List.of("violence")));
    }

    @Test
    void otherErrorsCarryNoModerationDetails() {
        configure(Map.of("faults", "server_error=1"));
        editWithPrompt().statusCode(500).body("error", not(hasKey("moderation_details")));
    }

    @Test
    void latencyIsAppliedBeforeAnswering() {
        configure(Map.of("latency", "300ms"));
        long started = System.nanoTime();
        editWithPrompt().statusCode(200);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 300, "answered after " + elapsedMillis + " ms");
    }

    @Test
    void heldRequestsShowAsInFlight() throws Exception {
        configure(Map.of("latency", "2s"));
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> editWithPrompt().extract().statusCode());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/__simulator/stats").then().body("edits.in_flight", equalTo(1)));
        assertTrue(status.get() == 200);
        given().get("/__simulator/stats").then().body("edits.in_flight", equalTo(0)).body("edits.outcomes.ok", equalTo(1));
    }

    @Test
    void hangNeverAnswersAndIsReleasedWhenTheClientGivesUp() {
        configure(Map.of("faults", "hang=1.0"));
        RestAssuredConfig impatient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 1000).setParam("http.connection.timeout", 1000));
        CompletableFuture<Integer> attempt = CompletableFuture.supplyAsync(() -> ImageEditResourceTest.edit()
                .config(impatient).multiPart("prompt", "x").post("/v1/images/edits").statusCode());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/__simulator/stats").then().body("edits.in_flight", equalTo(1)));
        ExecutionException failure = assertThrows(ExecutionException.class, attempt::get);
        assertInstanceOf(SocketTimeoutException.class, rootCause(failure));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/__simulator/stats").then()
                .body("edits.in_flight", equalTo(0))
                .body("edits.outcomes.hang", equalTo(1)));
    }

    @Test
    void rejectsMalformedRuntimeConfigWithTheEnvelope() {
        given().contentType(ContentType.JSON).body(Map.of("latency", "soon")).put("/__simulator/config").then()
                .statusCode(400)
                .body("error.param", equalTo("latency"))
                .body("error.code", equalTo("invalid_value"));
        given().contentType(ContentType.JSON).body(Map.of("faults", "meteor=1")).put("/__simulator/config").then()
                .statusCode(400)
                .body("error.param", equalTo("faults"));
    }

    @Test
    void resetRestoresConfiguredDefaults() {
        configure(Map.of("latency", "2s", "faults", "rate_limit=0.5", "moderation", Map.of("latency", "1s")));
        given().get("/__simulator/config").then()
                .body("latency", equalTo("2s"))
                .body("faults", equalTo("rate_limit=0.5"))
                .body("moderation.latency", equalTo("1s"));
        given().post("/__simulator/reset").then().statusCode(200)
                .body("latency", equalTo("0s"))
                .body("faults", equalTo("none"))
                .body("moderation.latency", equalTo("0s"))
                .body("moderation.faults", equalTo("none"));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void slowStreamSendsItsPartialImagesLongBeforeItsCompletedImage() throws Exception {
        configure(Map.of("latency", "3s", "faults", "slow_stream=1.0"));
        String boundary = "b" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"prompt", "slow"}, {"stream", "true"}, {"partial_images", "2"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                    + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(TestImages.png(TestImages.gradient(64, 64)));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + RestAssured.port + "/v1/images/edits"))
                        .header("Authorization", "Bearer sk-test")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                        HttpResponse.BodyHandlers.ofLines());
        long started = System.nanoTime();
        List<String> events = new ArrayList<>();
        List<Long> arrivedMs = new ArrayList<>();
        response.body().filter(line -> line.startsWith("event: ")).forEach(line -> {
            events.add(line);
            arrivedMs.add((System.nanoTime() - started) / 1_000_000);
        });

        assertEquals(200, response.statusCode());
        assertEquals(List.of("event: image_edit.partial_image", "event: image_edit.partial_image",
                "event: image_edit.completed"), events);
        // 3 s spread over 3 events: the completed image comes a second or more after the first preview.
        assertTrue(arrivedMs.get(2) - arrivedMs.get(0) >= 1500, "arrivals " + arrivedMs);
    }
}
