package dev.overtime.api.upstream;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.overtime.api.support.Edits;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.api.support.UpstreamAssertions.DEGRADED_HEADER;
import static dev.overtime.api.support.UpstreamStubs.PRESETS_PATH;
import static dev.overtime.api.support.UpstreamStubs.PRESETS_SERVICE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/presets} over the presets upstream (optional profile, 2 s), built-in presets as the fallback. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class PresetsGuardTest extends UpstreamGuardScenario {

    @TestHTTPResource(value = "health/ready", management = true)
    URL readiness;

    private static final long OPTIONAL_MS = 2000;

    private Edits.Timed presets() {
        return Edits.get(caller, "/v1/presets");
    }

    private void presetsAnswer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        PRESETS_SERVICE.server().stubFor(get(urlEqualTo(PRESETS_PATH)).willReturn(answer));
    }

    @Test
    void servesTheOperatorsPresetsAndForwardsTheRequestId() {
        Edits.Timed answer = presets();

        answer.response().then().statusCode(200).header(DEGRADED_HEADER, nullValue())
                .body("degraded", org.hamcrest.Matchers.equalTo(false))
                .body("data.name", org.hamcrest.Matchers.contains("studio-portrait"))
                .body("data[0].promptTemplate", org.hamcrest.Matchers.equalTo("Light {subject} like a studio portrait"))
                .body("data[0].size", org.hamcrest.Matchers.equalTo("1024x1024"))
                .body("data[0].quality", org.hamcrest.Matchers.equalTo("high"));
        PRESETS_SERVICE.server().verify(1, getRequestedFor(urlEqualTo(PRESETS_PATH))
                .withHeader("X-Request-Id", equalTo(answer.response().header("X-Request-Id"))));
    }

    @Test
    void waitsForSlowPresetsThatAnswerInTime() {
        presetsAnswer(UpstreamStubs.json(UpstreamStubs.PRESETS).withFixedDelay(1000));

        Edits.Timed answer = presets();

        answer.response().then().statusCode(200).body("degraded", org.hamcrest.Matchers.equalTo(false))
                .body("data.name", org.hamcrest.Matchers.contains("studio-portrait"));
        assertTrue(answer.elapsedMs() >= 1000, "waited: " + answer.elapsedMs());
    }

    @Test
    void servesBuiltInPresetsWithinTheOptionalProfileWhenPresetsHangs() {
        presetsAnswer(UpstreamStubs.json(UpstreamStubs.PRESETS).withFixedDelay(15_000));

        Edits.Timed answer = presets();

        assertBuiltIn(answer);
        assertTrue(answer.elapsedMs() >= OPTIONAL_MS - 100 && answer.elapsedMs() <= OPTIONAL_MS + 300,
                "answered within 2.3 s: " + answer.elapsedMs());
        assertEquals("upstream_timeout", incident(answer).get("cause"));
        PRESETS_SERVICE.server().verify(1, getRequestedFor(urlEqualTo(PRESETS_PATH)));
    }

    @Test
    void servesBuiltInPresetsWhenPresetsFailsWith500() {
        presetsAnswer(aResponse().withStatus(500));

        Edits.Timed answer = presets();

        assertBuiltIn(answer);
        Map<String, String> event = incident(answer);
        assertEquals("upstream_http_error", event.get("cause"));
        assertEquals("500", event.get("status"));
    }

    @Test
    void retriesOnceThenServesBuiltInPresetsWhenConnectionsAreRefused() {
        PRESETS_SERVICE.refuseConnections();

        Edits.Timed answer = presets();

        assertBuiltIn(answer);
        assertTrue(answer.elapsedMs() < 2000, "fails fast: " + answer.elapsedMs());
        assertEquals("upstream_connect_error", incident(answer).get("cause"));
    }

    @Test
    void readinessStaysUpAndReportsTheOpenCircuit() {
        presetsAnswer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        for (int i = 0; i < 2; i++) {
            assertBuiltIn(presets());
        }
        int callsBefore = PRESETS_SERVICE.server().findAll(getRequestedFor(urlEqualTo(PRESETS_PATH))).size();

        Edits.Timed answer = presets();

        assertBuiltIn(answer);
        assertTrue(answer.elapsedMs() < 1000, "an open circuit answers at once: " + answer.elapsedMs());
        assertEquals(callsBefore, PRESETS_SERVICE.server().findAll(getRequestedFor(urlEqualTo(PRESETS_PATH))).size());
        assertEquals("circuit_open", incident(answer).get("cause"));

        io.restassured.RestAssured.given().get(readiness).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'upstreams' }.data.presets", org.hamcrest.Matchers.equalTo("open"))
                .body("checks.find { it.name == 'upstreams' }.data.moderation", org.hamcrest.Matchers.equalTo("closed"))
                .body("checks.find { it.name == 'upstreams' }.data.accounts", org.hamcrest.Matchers.equalTo("closed"));
    }

    private void assertBuiltIn(Edits.Timed answer) {
        answer.response().then().statusCode(200).header(DEGRADED_HEADER, "presets")
                .body("degraded", org.hamcrest.Matchers.equalTo(true))
                .body("data.name", hasItem("remove-background"));
    }

    private Map<String, String> incident(Edits.Timed answer) {
        String requestId = answer.response().header("X-Request-Id");
        await().atMost(Duration.ofSeconds(2)).until(() -> incidents.events("fallback_used", requestId).size() == 1);
        Map<String, String> event = incidents.events("fallback_used", requestId).getFirst();
        assertEquals("presets", event.get("upstream"));
        assertEquals("GET", event.get("method"));
        assertEquals("/presets", event.get("route"));
        assertEquals("optional", event.get("timeoutProfile"));
        assertEquals(String.valueOf(OPTIONAL_MS), event.get("timeoutMs"));
        return event;
    }
}
