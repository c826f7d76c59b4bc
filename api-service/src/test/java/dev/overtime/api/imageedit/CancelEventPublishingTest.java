package dev.overtime.api.imageedit;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.common.Topics;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.outbox.OutboxSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every outbox write wakes the relay when its transaction commits: with the safety-net poll an hour apart, a
 * submit's request record and a cancel's ImageEditCanceled event still reach Kafka within seconds.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(CancelEventPublishingTest.HourlyPoll.class)
class CancelEventPublishingTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.outbox.poll-interval", "1h");
        }
    }

    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(10);

    @Inject
    Fixtures fixtures;

    private static final String CANCEL_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CANCEL_TRACEPARENT = "00-" + CANCEL_TRACE_ID + "-b7ad6b7169203331-01";

    @Inject
    OutboxSettings outbox;

    @Test
    void aCancelsEventIsPublishedWhenItsTransactionCommitsNotAtTheNextPoll() {
        assertEquals(Duration.ofHours(1), outbox.pollInterval(), "the relay polls hourly in this test");
        Fixtures.Caller caller = fixtures.newCaller();
        String id = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "cancel me promptly")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        await("the request record is published").atMost(WELL_BEFORE_THE_POLL).until(() -> published(Topics.IMAGE_EDIT_REQUESTS, id) == 1);

        given().header("Authorization", caller.bearer()).header("traceparent", CANCEL_TRACEPARENT)
                .post("/v1/image-edits/" + id + "/cancel").then()
                .statusCode(200).body("status", equalTo("canceled"));

        await("the cancel's event is published").atMost(WELL_BEFORE_THE_POLL).until(() -> published(Topics.IMAGE_EDIT_EVENTS, id) == 1);
        // Structured CloudEvent, in the trace of the cancel request (a span of its own under the caller's).
        String headers = fixtures.textOf("select headers from outbox where topic = ? and record_key = ?",
                Topics.IMAGE_EDIT_EVENTS, id);
        assertTrue(headers.startsWith("{\"content-type\":\"application/cloudevents+json; charset=UTF-8\","
                + "\"traceparent\":\"00-" + CANCEL_TRACE_ID + "-"), headers);
        // No OTLP endpoint in tests: the trace flows, but nothing is sampled (recorded, exported).
        assertTrue(headers.endsWith("-00\"}"), headers);
    }

    private long published(String topic, String key) {
        return fixtures.countRows("select count(*) from outbox where topic = ? and record_key = ? and published_at is not null",
                topic, key);
    }
}
