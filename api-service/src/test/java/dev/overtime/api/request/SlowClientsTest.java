package dev.overtime.api.request;

import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.RawHttp;
import dev.overtime.api.support.SseClient;
import dev.overtime.api.support.TestImages;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients cannot hold connections: a request head must arrive whole within the header timeout (however it is
 * dribbled), an idle connection goes after the keep-alive timeout, a body must keep a minimum rate, and the
 * connection count is capped. Streams that are busy answering are not touched.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@TestProfile(SlowClientsTest.ShortTimeouts.class)
class SlowClientsTest {

    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(2);
    static final int MAX_CONNECTIONS = 16;

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.limits.http.header-timeout", HEADER_TIMEOUT.toMillis() + "ms",
                    "overtime.api.limits.http.keep-alive-timeout", KEEP_ALIVE.toMillis() + "ms",
                    "overtime.api.limits.http.body-rate-window", "1s",
                    "overtime.api.limits.http.min-body-bytes-per-second", "1000",
                    "quarkus.http.limits.max-connections", String.valueOf(MAX_CONNECTIONS));
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    HeaderTimeout headerTimeout;

    @Inject
    MinimumBodyRate bodyRate;

    @BeforeEach
    void connectionsAreWatched() {
        // The first request through the router starts watching new connections (in production: the first request; the probes go to the management port).
        given().get("/").then().statusCode(200);
    }

    @Test
    void aHalfSentHeadIsClosedWithinTheHeaderTimeout() {
        int closedBefore = headerTimeout.closedConnections();
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("GET /v1/image-edits HTTP/1.1\r\nHost: localhost\r\n");
            RawHttp.Received received = connection.readUntilClosed(Duration.ofSeconds(10));
            assertTrue(received.closed());
            assertEquals("", received.text(), "closed without an answer");
            assertBetween(received.at(), HEADER_TIMEOUT.minusMillis(100), HEADER_TIMEOUT.plusMillis(1500));
        }
        assertEquals(closedBefore + 1, headerTimeout.closedConnections());
    }

    @Test
    void aHeadDribbledAByteAtATimeIsClosedAllTheSame() {
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("GET / HTTP/1.1\r\n");
            RawHttp.Received received = null;
            for (int i = 0; i < 40; i++) {
                connection.send("X");
                received = connection.readUntilClosed(Duration.ofMillis(150));
                if (received.closed()) {
                    break;
                }
            }
            assertTrue(received.closed(), "still open after 6 s of dribbling");
            assertBetween(received.at(), HEADER_TIMEOUT.minusMillis(100), HEADER_TIMEOUT.plusMillis(1500));
        }
    }

    @Test
    void anIdleConnectionStaysForTheKeepAliveTimeoutAndNoLonger() {
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawHttp.Received received = connection.readUntilClosed(Duration.ofSeconds(10));
            assertTrue(received.text().startsWith("HTTP/1.1 200"), received.text());
            assertTrue(received.closed());
            // Idle past the header timeout, yet kept: the keep-alive timeout is what applies between requests.
            assertBetween(received.at(), KEEP_ALIVE.minusMillis(100), KEEP_ALIVE.plusMillis(1500));
        }
    }

    @Test
    void aStreamAnsweringLongerThanBothTimeoutsIsNotCut() {
        Fixtures.Caller caller = fixtures.newCaller();
        String id = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        try (SseClient stream = SseClient.open(base + "v1/image-edits/" + id + "/events",
                Map.of("Authorization", caller.bearer()))) {
            stream.awaitEvents(1);
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.ended()
                    || System.nanoTime() - started > KEEP_ALIVE.plusSeconds(1).toNanos());
            assertFalse(stream.ended(), "the stream was cut");
        }
    }

    @Test
    void aBodyTooSlowIsAnswered408AndItsConnectionClosed() {
        Fixtures.Caller caller = fixtures.newCaller();
        int refusedBefore = bodyRate.refused();
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + caller.bearer()
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n");
            RawHttp.Received received = connection.readUntilClosed(Duration.ofSeconds(10));
            assertEquals(408, received.status(), received.text());
            assertTrue(received.text().contains("\"code\":\"REQUEST_TIMEOUT\""), received.text());
            assertTrue(received.hasHeader("Connection", "close"), received.text());
            assertTrue(received.closed());
            assertTrue(received.at().compareTo(Duration.ofSeconds(4)) < 0, "refused after " + received.at());
        }
        assertEquals(refusedBefore + 1, bodyRate.refused());
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void aBodyArrivingSteadilyIsNotCutHoweverLongItTakes() {
        Fixtures.Caller caller = fixtures.newCaller();
        String body = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + "x".repeat(12_000)
                + "\r\n--b--\r\n";
        int chunks = 6;
        int chunk = body.length() / chunks + 1;
        try (RawHttp connection = RawHttp.connect(base)) {
            connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + caller.bearer()
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            // About 4 KB a second for 3 s: above the 1 KB/s minimum, and longer than any of the timeouts here.
            for (int from = 0; from < body.length(); from += chunk) {
                assertTrue(connection.send(body.substring(from, Math.min(body.length(), from + chunk))), "cut");
                if (from + chunk < body.length()) {
                    RawHttp.Received early = connection.readUntilClosed(Duration.ofMillis(500));
                    assertEquals("", early.text(), "answered before the body was in");
                }
            }
            RawHttp.Received received = connection.readUntilClosed(Duration.ofSeconds(10));
            assertEquals(400, received.status(), "read to its end and judged: " + received.text());
            assertTrue(received.text().contains("IMAGE_REQUIRED"), received.text());
        }
    }

    @Test
    void connectionsPastTheCapAreClosedWithoutAnAnswerUntilIdleOnesLeave() {
        // Vert.x makes a connection of a socket once its first head is in (it could be an h2c upgrade): from then on
        // it counts against quarkus.http.limits.max-connections. Half-sent heads never count; the header timeout ends them.
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS + 4; i++) {
                RawHttp connection = RawHttp.connect(base);
                connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                held.add(connection);
            }
            List<RawHttp.Received> answers = held.stream().map(c -> c.readUntilClosed(Duration.ofMillis(100))).toList();
            long answered = answers.stream().filter(r -> r.status() == 200).count();
            long refused = answers.stream().filter(r -> r.closed() && r.text().isEmpty()).count();
            assertTrue(answered <= MAX_CONNECTIONS, "answered " + answered);
            assertTrue(refused >= 4, "past the cap of " + MAX_CONNECTIONS + ", closed unanswered: " + refused);
            // Kept-alive connections leave after the keep-alive timeout, and the cap has room again.
            await().atMost(KEEP_ALIVE.plusSeconds(3)).ignoreExceptions().until(() -> given().get("/").statusCode() == 200);
        } finally {
            held.forEach(RawHttp::close);
        }
    }

    private static void assertBetween(Duration actual, Duration least, Duration most) {
        assertTrue(actual.compareTo(least) >= 0 && actual.compareTo(most) <= 0,
                actual + " not within " + least + " and " + most);
    }
}
