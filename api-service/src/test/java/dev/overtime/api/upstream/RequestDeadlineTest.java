package dev.overtime.api.upstream;

import dev.overtime.api.request.RequestDeadlines;
import dev.overtime.api.support.Edits;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.IncidentLog;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.overtime.api.support.UpstreamAssertions.assertEnvelope;
import static dev.overtime.api.support.UpstreamStubs.ACCOUNTS;
import static dev.overtime.api.support.UpstreamStubs.MODERATION;
import static dev.overtime.api.support.UpstreamStubs.MODERATION_PATH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hard request deadline: accounts and moderation each answer within their own timeouts, but
 * together they take longer than the (shortened) deadline.
 */
@QuarkusTest
@TestProfile(ShorterTimeoutsProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class RequestDeadlineTest {

    private static final long DEADLINE_MS = ShorterTimeoutsProfile.DEADLINE_MS;

    @Inject
    Fixtures fixtures;

    @Inject
    CircuitBreakerMaintenance circuits;

    @Inject
    RequestDeadlines deadlines;

    private Fixtures.Caller caller;
    private IncidentLog incidents;

    @BeforeEach
    void freshUpstreams() {
        UpstreamStubs.resetAll();
        circuits.resetAll();
        caller = fixtures.newCaller();
        Edits.warmUp(fixtures);
        incidents = IncidentLog.capture();
    }

    @AfterEach
    void stopCapturing() {
        incidents.close();
    }

    @Test
    void answersDeadlineExceededAndCancelsTheWorkWhenUpstreamsTogetherTakeTooLong() {
        ACCOUNTS.server().stubFor(get(urlPathMatching("/accounts/.*")).willReturn(
                UpstreamStubs.json(UpstreamStubs.PRO_PLAN).withFixedDelay(1200)));
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(
                UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(1200)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 504, "DEADLINE_EXCEEDED", null, DEADLINE_MS);
        assertTrue(answer.elapsedMs() >= DEADLINE_MS - 100 && answer.elapsedMs() <= DEADLINE_MS + 300,
                "answered within the deadline + 300 ms: " + answer.elapsedMs());
        // Cancelled, not left running: the thread is released long before moderation would have answered...
        await().atMost(Duration.ofMillis(300)).until(() -> deadlines.workInProgress() == 0);
        // ...and the job is never stored, even after the upstreams would have finished.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                .until(() -> fixtures.jobsOf(caller.owner()) == 0);

        String requestId = answer.response().header("X-Request-Id");
        Map<String, String> event = incidents.events("request_deadline_exceeded", requestId).getFirst();
        assertEquals("/v1/image-edits", event.get("route"));
        assertEquals("POST", event.get("method"));
        assertEquals(String.valueOf(DEADLINE_MS), event.get("timeoutMs"));
    }

    @Test
    void answersNormallyWhenTheUpstreamsFitInTheDeadline() {
        // The warm-up stops at validation; the first stored job also starts the object store's client and the
        // database insert, which on a loaded machine can alone take most of the 1.2 s left beside moderation.
        Edits.submit(fixtures.newCaller(), "warm the whole path").response().then().statusCode(202);
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(
                UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(800)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        answer.response().then().statusCode(202).body("degraded", org.hamcrest.Matchers.equalTo(false));
        assertEquals(1, fixtures.jobsOf(caller.owner()));
        await().atMost(Duration.ofMillis(300)).until(() -> deadlines.workInProgress() == 0);
    }
}
