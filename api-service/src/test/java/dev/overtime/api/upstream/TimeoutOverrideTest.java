package dev.overtime.api.upstream;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.overtime.api.support.UpstreamAssertions.DEGRADED_HEADER;
import static dev.overtime.api.support.UpstreamStubs.PRESETS_PATH;
import static dev.overtime.api.support.UpstreamStubs.PRESETS_SERVICE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator shortens one endpoint's timeout by configuration alone, as docs/UPSTREAMS.md describes. */
@QuarkusTest
@TestProfile(ShorterTimeoutsProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class TimeoutOverrideTest extends UpstreamGuardScenario {

    private static final long OVERRIDDEN_MS = ShorterTimeoutsProfile.PRESETS_TIMEOUT_MS;

    @Test
    void appliesTheOverriddenTimeoutToThatMethodOnly() {
        // One call while presets answer normally, so the first-use cost of this route stays out of the timing.
        Edits.get(caller, "/v1/presets").response().then().statusCode(200);
        PRESETS_SERVICE.server().stubFor(get(urlEqualTo(PRESETS_PATH))
                .willReturn(UpstreamStubs.json(UpstreamStubs.PRESETS).withFixedDelay(15_000)));

        Edits.Timed answer = Edits.get(caller, "/v1/presets");

        answer.response().then().statusCode(200).header(DEGRADED_HEADER, "presets")
                .body("degraded", org.hamcrest.Matchers.equalTo(true));
        assertTrue(answer.elapsedMs() >= OVERRIDDEN_MS - 100 && answer.elapsedMs() <= OVERRIDDEN_MS + 300,
                "answered within the overridden timeout + 300 ms: " + answer.elapsedMs());
        String requestId = answer.response().header("X-Request-Id");
        await().atMost(Duration.ofSeconds(2)).until(() -> incidents.events("fallback_used", requestId).size() == 1);
        Map<String, String> event = incidents.events("fallback_used", requestId).getFirst();
        assertEquals(String.valueOf(OVERRIDDEN_MS), event.get("timeoutMs"));
        assertEquals("optional", event.get("timeoutProfile"));
    }
}
