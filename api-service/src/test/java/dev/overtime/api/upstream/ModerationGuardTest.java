package dev.overtime.api.upstream;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.overtime.api.support.Edits;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.api.support.UpstreamAssertions.DEGRADED_HEADER;
import static dev.overtime.api.support.UpstreamStubs.MODERATION;
import static dev.overtime.api.support.UpstreamStubs.MODERATION_PATH;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moderation under the default fail-open policy, with the real 5 s critical timeout. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class ModerationGuardTest extends UpstreamGuardScenario {

    private static final long CRITICAL_MS = 5000;

    @Test
    void acceptsAPassedPromptAndForwardsRequestIdAndKey() {
        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        answer.response().then().statusCode(202)
                .body("degraded", org.hamcrest.Matchers.equalTo(false))
                .body("moderation.status", org.hamcrest.Matchers.equalTo("passed"))
                .header(DEGRADED_HEADER, nullValue());
        assertEquals("passed", moderationOf(answer));
        MODERATION.server().verify(1, postRequestedFor(urlEqualTo(MODERATION_PATH))
                .withHeader("X-Request-Id", equalTo(answer.response().header("X-Request-Id")))
                .withHeader("Authorization", equalTo("Bearer " + UpstreamStubs.API_KEY))
                .withRequestBody(equalToJson("{\"model\":\"omni-moderation-latest\",\"input\":\"paint the sky blue\"}")));
    }

    @Test
    void refusesAFlaggedPromptBeforeStoringAnything() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(UpstreamStubs.json(UpstreamStubs.FLAGGED)));

        Edits.Timed answer = Edits.submit(caller, "something violent");

        answer.response().then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("MODERATION_BLOCKED"))
                .body("param", org.hamcrest.Matchers.equalTo("prompt"))
                .body("message", org.hamcrest.Matchers.containsString("violence"))
                .body("degraded", org.hamcrest.Matchers.equalTo(false))
                .body("requestId", org.hamcrest.Matchers.equalTo(answer.response().header("X-Request-Id")));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void waitsForASlowModerationThatAnswersInTime() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH))
                .willReturn(UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(1500)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        answer.response().then().statusCode(202).body("degraded", org.hamcrest.Matchers.equalTo(false))
                .header(DEGRADED_HEADER, nullValue());
        assertTrue(answer.elapsedMs() >= 1500, "waited for the answer: " + answer.elapsedMs());
        assertEquals("passed", moderationOf(answer));
    }

    @Test
    void acceptsDegradedWithinTheCriticalProfileWhenModerationHangs() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH))
                .willReturn(UpstreamStubs.json(UpstreamStubs.NOT_FLAGGED).withFixedDelay(15_000)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertAcceptedDegraded(answer);
        assertTrue(answer.elapsedMs() >= CRITICAL_MS - 100 && answer.elapsedMs() <= CRITICAL_MS + 300,
                "answered within 5.3 s: " + answer.elapsedMs());
        Map<String, String> event = onlyIncident(answer);
        assertEquals("upstream_timeout", event.get("cause"));
        assertTrue(Long.parseLong(event.get("durationMs")) >= CRITICAL_MS - 100, event.toString());
    }

    @Test
    void acceptsDegradedWhenModerationFailsWith500() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(aResponse().withStatus(500)));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertAcceptedDegraded(answer);
        Map<String, String> event = onlyIncident(answer);
        assertEquals("upstream_http_error", event.get("cause"));
        assertEquals("500", event.get("status"));
    }

    @Test
    void acceptsDegradedWhenModerationRefusesConnections() {
        MODERATION.refuseConnections();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertAcceptedDegraded(answer);
        assertTrue(answer.elapsedMs() < 2000, "a refused connection fails fast: " + answer.elapsedMs());
        assertEquals("upstream_connect_error", onlyIncident(answer).get("cause"));
    }

    @Test
    void stopsCallingAFailingModerationOnceItsCircuitOpens() {
        MODERATION.server().stubFor(post(urlEqualTo(MODERATION_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        for (int i = 0; i < 4; i++) {
            assertAcceptedDegraded(Edits.submit(caller, "paint the sky blue " + i));
        }
        assertEquals(CircuitBreakerState.OPEN, circuits.currentState("moderation"));
        int callsBefore = MODERATION.server().findAll(postRequestedFor(urlEqualTo(MODERATION_PATH))).size();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue again");

        assertAcceptedDegraded(answer);
        assertTrue(answer.elapsedMs() < 1000, "an open circuit answers at once: " + answer.elapsedMs());
        assertEquals(callsBefore, MODERATION.server().findAll(postRequestedFor(urlEqualTo(MODERATION_PATH))).size(),
                "no call reached the failing upstream");
        Map<String, String> event = onlyIncident(answer);
        assertEquals("circuit_open", event.get("cause"));
        assertEquals("0", event.get("durationMs"));
    }

    private void assertAcceptedDegraded(Edits.Timed answer) {
        answer.response().then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.notNullValue())
                .header(DEGRADED_HEADER, "moderation")
                .body("status", org.hamcrest.Matchers.equalTo("queued"))
                .body("degraded", org.hamcrest.Matchers.equalTo(true))
                .body("moderation.status", org.hamcrest.Matchers.equalTo("skipped"));
        assertEquals("skipped", moderationOf(answer));
    }

    private Map<String, String> onlyIncident(Edits.Timed answer) {
        String requestId = answer.response().header("X-Request-Id");
        await().atMost(java.time.Duration.ofSeconds(2)).until(() -> incidents.events("fallback_used", requestId).size() == 1);
        Map<String, String> event = incidents.events("fallback_used", requestId).getFirst();
        assertEquals("moderation", event.get("upstream"));
        assertEquals("/moderations", event.get("route"));
        assertEquals("POST", event.get("method"));
        assertEquals("critical", event.get("timeoutProfile"));
        assertEquals(String.valueOf(CRITICAL_MS), event.get("timeoutMs"));
        assertTrue(event.containsKey("durationMs"));
        return event;
    }

    private String moderationOf(Edits.Timed answer) {
        UUID id = UUID.fromString(answer.response().path("id"));
        return fixtures.textOf("select moderation_status from image_edit_jobs where id = ?", id);
    }
}
