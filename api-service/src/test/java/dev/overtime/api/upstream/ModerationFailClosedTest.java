package dev.overtime.api.upstream;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.overtime.api.support.Edits;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.api.support.UpstreamAssertions.assertEnvelope;
import static dev.overtime.api.support.UpstreamStubs.MODERATION;
import static dev.overtime.api.support.UpstreamStubs.MODERATION_PATH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moderation with {@code on-failure=fail-closed}: no prompt gets through unmoderated. Real 5 s critical timeout. */
@QuarkusTest
@TestProfile(StrictOperatorProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class ModerationFailClosedTest extends UpstreamGuardScenario {

    private static final long CRITICAL_MS = 5000;

    @Test
    void acceptsWhenModerationAnswersInTime() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH))
                .willReturn(UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(1000)));

        Edits.submit(caller, "paint the sky blue").response().then().statusCode(202)
                .body("degraded", org.hamcrest.Matchers.equalTo(false))
                .body("moderation.status", org.hamcrest.Matchers.equalTo("passed"));
    }

    @Test
    void answersUpstreamTimeoutWithinTheCriticalProfileWhenModerationHangs() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH))
                .willReturn(UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(15_000)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 504, "UPSTREAM_TIMEOUT", "moderation", CRITICAL_MS);
        assertTrue(answer.elapsedMs() >= CRITICAL_MS - 100 && answer.elapsedMs() <= CRITICAL_MS + 300,
                "answered within 5.3 s: " + answer.elapsedMs());
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        Map<String, String> event = incident("upstream_timeout", answer);
        assertFalse(event.containsKey("status"), "a timeout has no upstream status");
    }

    @Test
    void answersUpstreamErrorWhenModerationFailsWith500() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(aResponse().withStatus(503)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 502, "UPSTREAM_ERROR", "moderation", CRITICAL_MS);
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals("503", incident("upstream_http_error", answer).get("status"));
    }

    @Test
    void answersUpstreamErrorWhenModerationRefusesConnections() {
        MODERATION.refuseConnections();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 502, "UPSTREAM_ERROR", "moderation", CRITICAL_MS);
        assertTrue(answer.elapsedMs() < 2000, "a refused connection fails fast: " + answer.elapsedMs());
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        incident("upstream_connect_error", answer);
    }

    @Test
    void answersUpstreamUnavailableOnceTheCircuitIsOpen() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        for (int i = 0; i < 4; i++) {
            assertEnvelope(Edits.submit(caller, "paint " + i).response(), 502, "UPSTREAM_ERROR", "moderation", CRITICAL_MS);
        }
        int callsBefore = MODERATION.server().findAll(postRequestedFor(urlEqualTo(MODERATION_PATH))).size();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 503, "UPSTREAM_UNAVAILABLE", "moderation", CRITICAL_MS);
        assertTrue(answer.elapsedMs() < 1000, "an open circuit answers at once: " + answer.elapsedMs());
        assertEquals(callsBefore, MODERATION.server().findAll(postRequestedFor(urlEqualTo(MODERATION_PATH))).size());
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        incident("circuit_open", answer);
    }

    private Map<String, String> incident(String name, Edits.Timed answer) {
        String requestId = answer.response().header("X-Request-Id");
        await().atMost(Duration.ofSeconds(2)).until(() -> incidents.events(name, requestId).size() == 1);
        Map<String, String> event = incidents.events(name, requestId).getFirst();
        assertEquals("moderation", event.get("upstream"));
        assertEquals("POST", event.get("method"));
        assertEquals("/moderations", event.get("route"));
        assertEquals("critical", event.get("timeoutProfile"));
        assertEquals(String.valueOf(CRITICAL_MS), event.get("timeoutMs"));
        assertTrue(event.containsKey("durationMs"));
        return event;
    }
}
